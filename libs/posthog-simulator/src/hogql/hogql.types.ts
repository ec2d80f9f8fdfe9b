import type { IntervalUnit } from './hogql.datetime.js';

/**
 * Static types, decided once per expression at compile time. They pick fast comparison paths and
 * name the ClickHouse type reported in the response's `types`.
 *
 * Runtime representation per kind: string/uuid → string; int/float → number; bool → boolean;
 * datetime → epoch ms number; array → JS array; interval → number of `unit`s; dynamic (property
 * values) → string | number | null; any nullable kind may also be null.
 */
export type TypeKind = 'string' | 'uuid' | 'int' | 'float' | 'bool' | 'datetime' | 'array' | 'nothing' | 'dynamic' | 'interval';

export interface SqlType {
  readonly kind: TypeKind;
  /** ClickHouse name without Nullable(), e.g. `UInt64`, `DateTime64(6, 'UTC')`, `UInt8` for comparison results. */
  readonly ch: string;
  readonly nullable: boolean;
  readonly element?: SqlType;
  readonly unit?: IntervalUnit;
}

export const TYPES = {
  string: { kind: 'string', ch: 'String', nullable: false },
  uuid: { kind: 'uuid', ch: 'UUID', nullable: false },
  int64: { kind: 'int', ch: 'Int64', nullable: false },
  uint64: { kind: 'int', ch: 'UInt64', nullable: false },
  float64: { kind: 'float', ch: 'Float64', nullable: false },
  /** Literal `true`/`false`. */
  bool: { kind: 'bool', ch: 'Bool', nullable: false },
  /** Comparisons and logic: ClickHouse returns UInt8 0/1 for these, not Bool. */
  condition: { kind: 'bool', ch: 'UInt8', nullable: false },
  dateTime64: { kind: 'datetime', ch: "DateTime64(6, 'UTC')", nullable: false },
  dateTime: { kind: 'datetime', ch: "DateTime('UTC')", nullable: false },
  nothing: { kind: 'nothing', ch: 'Nothing', nullable: true },
  /** A JSON property value; reported as Nullable(Float64) or Nullable(String) depending on the data. */
  dynamic: { kind: 'dynamic', ch: 'String', nullable: true },
} as const satisfies Record<string, SqlType>;

export function withNullable(type: SqlType, nullable: boolean): SqlType {
  return type.nullable === nullable ? type : { ...type, nullable };
}

export function arrayOf(element: SqlType): SqlType {
  return { kind: 'array', ch: 'Array', nullable: false, element };
}

export function intervalOf(unit: IntervalUnit): SqlType {
  const name = unit[0]!.toUpperCase() + unit.slice(1);
  return { kind: 'interval', ch: `Interval${name}`, nullable: false, unit };
}

/** May this expression produce null at runtime? Dynamic property values always may. */
export function maybeNull(type: SqlType): boolean {
  return type.nullable || type.kind === 'dynamic' || type.kind === 'nothing';
}

export function isNumericKind(type: SqlType): boolean {
  return type.kind === 'int' || type.kind === 'float' || type.kind === 'bool';
}

/** ClickHouse picks the narrowest integer type for a literal; so do we, for `types` fidelity. */
export function integerLiteralType(value: number): SqlType {
  const ch =
    value >= 0
      ? value <= 0xff ? 'UInt8' : value <= 0xffff ? 'UInt16' : value <= 0xffffffff ? 'UInt32' : 'UInt64'
      : value >= -0x80 ? 'Int8' : value >= -0x8000 ? 'Int16' : value >= -0x80000000 ? 'Int32' : 'Int64';
  return { kind: 'int', ch, nullable: false };
}

/** Common supertype for coalesce/if/array elements; falls back to dynamic when kinds disagree. */
export function unifyTypes(types: readonly SqlType[]): SqlType {
  const concrete = types.filter((t) => t.kind !== 'nothing');
  const anyNull = types.some((t) => t.kind === 'nothing' || t.nullable);
  if (concrete.length === 0) return TYPES.nothing;
  const first = concrete[0]!;
  if (concrete.every((t) => t.kind === first.kind && t.ch === first.ch)) return withNullable(first, anyNull);
  if (concrete.every((t) => t.kind === 'int' || t.kind === 'float')) {
    return withNullable(concrete.some((t) => t.kind === 'float') ? TYPES.float64 : TYPES.int64, anyNull);
  }
  if (concrete.every((t) => t.kind === 'string' || t.kind === 'uuid')) return withNullable(TYPES.string, anyNull);
  if (concrete.every((t) => t.kind === 'datetime')) return withNullable(TYPES.dateTime64, anyNull);
  if (concrete.every((t) => t.kind === 'array')) return arrayOf(unifyTypes(concrete.map((t) => t.element!)));
  return TYPES.dynamic;
}

/** The `[name, type]` text PostHog reports, e.g. `Nullable(String)`, `Array(String)`, `DateTime64(6, 'UTC')`. */
export function clickHouseTypeName(type: SqlType, dynamicAs = 'String'): string {
  if (type.kind === 'array') return `Array(${clickHouseTypeName(type.element!, dynamicAs)})`;
  if (type.kind === 'nothing') return 'Nullable(Nothing)';
  if (type.kind === 'dynamic') return `Nullable(${dynamicAs})`;
  return type.nullable ? `Nullable(${type.ch})` : type.ch;
}
