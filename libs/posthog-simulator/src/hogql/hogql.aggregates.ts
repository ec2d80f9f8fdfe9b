import type { Compiled, RowFn } from './hogql.compiled.js';
import { HogQLError } from './hogql.errors.js';
import { conditionReader } from './hogql.operators.js';
import { TYPES, maybeNull, withNullable, type SqlType } from './hogql.types.js';
import { compareValues, toNumberOrNull, totalOrder } from './hogql.values.js';

/**
 * Aggregate functions. One accumulator is created per group; `add` runs once per matching row, so
 * the classes keep state in plain fields and avoid allocating per row. Every `xIf` variant takes
 * the base arguments plus a trailing condition, like ClickHouse's -If combinator.
 */
export interface Accumulator {
  add(row: unknown): void;
  result(): unknown;
}

export interface AggregateInstance {
  readonly type: SqlType;
  create(): Accumulator;
}

export interface AggregateFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  build(args: readonly Compiled[], distinct: boolean): AggregateInstance;
}

type Condition = RowFn | undefined;

class CountRows implements Accumulator {
  private n = 0;
  constructor(private readonly condition: Condition) {}
  add(row: unknown): void {
    if (this.condition !== undefined && this.condition(row) !== true) return;
    this.n++;
  }
  result(): unknown {
    return this.n;
  }
}

class CountNonNull implements Accumulator {
  private n = 0;
  constructor(
    private readonly read: RowFn,
    private readonly condition: Condition,
  ) {}
  add(row: unknown): void {
    if (this.condition !== undefined && this.condition(row) !== true) return;
    if (this.read(row) !== null) this.n++;
  }
  result(): unknown {
    return this.n;
  }
}

/** Values are hashed by identity; arrays (and multi-argument tuples) by their JSON text. */
class Uniq implements Accumulator {
  private readonly seen = new Set<unknown>();
  constructor(
    private readonly readers: readonly RowFn[],
    private readonly condition: Condition,
  ) {}
  add(row: unknown): void {
    if (this.condition !== undefined && this.condition(row) !== true) return;
    if (this.readers.length === 1) {
      const value = this.readers[0]!(row);
      if (value === null) return;
      this.seen.add(Array.isArray(value) ? JSON.stringify(value) : value);
      return;
    }
    const values = this.readers.map((read) => read(row));
    if (values.some((value) => value === null)) return;
    this.seen.add(JSON.stringify(values));
  }
  result(): unknown {
    return this.seen.size;
  }
}

/** Adds in row order with plain `+=`, so a hand-written loop over the same rows gets the same float. */
class Sum implements Accumulator {
  private total = 0;
  private seen = false;
  constructor(
    private readonly read: RowFn,
    private readonly condition: Condition,
    private readonly emptyValue: number | null,
  ) {}
  add(row: unknown): void {
    if (this.condition !== undefined && this.condition(row) !== true) return;
    const raw = this.read(row);
    const value = typeof raw === 'number' ? raw : toNumberOrNull(raw);
    if (value === null) return;
    this.total += value;
    this.seen = true;
  }
  result(): unknown {
    return this.seen ? this.total : this.emptyValue;
  }
}

class Avg implements Accumulator {
  private total = 0;
  private n = 0;
  constructor(
    private readonly read: RowFn,
    private readonly condition: Condition,
  ) {}
  add(row: unknown): void {
    if (this.condition !== undefined && this.condition(row) !== true) return;
    const raw = this.read(row);
    const value = typeof raw === 'number' ? raw : toNumberOrNull(raw);
    if (value === null) return;
    this.total += value;
    this.n++;
  }
  result(): unknown {
    // ClickHouse yields nan for an empty avg; JSON has no nan, PostHog's renderer emits null.
    return this.n === 0 ? null : this.total / this.n;
  }
}

class Extreme implements Accumulator {
  private best: unknown = null;
  constructor(
    private readonly read: RowFn,
    private readonly condition: Condition,
    private readonly compare: (a: any, b: any) => number,
    private readonly sign: 1 | -1,
    private readonly emptyValue: unknown,
  ) {}
  add(row: unknown): void {
    if (this.condition !== undefined && this.condition(row) !== true) return;
    const value = this.read(row);
    if (value === null) return;
    if (this.best === null || this.sign * this.compare(value, this.best) < 0) this.best = value;
  }
  result(): unknown {
    return this.best === null ? this.emptyValue : this.best;
  }
}

const numericCompare = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);
const stringCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function comparatorFor(type: SqlType): (a: any, b: any) => number {
  if (type.kind === 'int' || type.kind === 'float' || type.kind === 'datetime') return numericCompare;
  if (type.kind === 'string' || type.kind === 'uuid') return stringCompare;
  if (type.kind === 'dynamic') {
    // '4.5' and 10.5 may both arrive for one property; compare them as numbers when possible.
    return (a, b) => {
      const c = compareValues(a, b);
      return Number.isNaN(c) ? totalOrder(a, b) : c;
    };
  }
  return totalOrder;
}

/** ClickHouse returns the type's default for a non-Nullable aggregate over zero rows. */
function defaultValue(type: SqlType): unknown {
  if (maybeNull(type)) return null;
  switch (type.kind) {
    case 'int':
    case 'float':
    case 'datetime':
      return 0;
    case 'string':
      return '';
    case 'uuid':
      return '00000000-0000-0000-0000-000000000000';
    case 'bool':
      return false;
    default:
      return null;
  }
}

function sumType(arg: SqlType): SqlType {
  const base = arg.kind === 'bool' || arg.ch.startsWith('UInt') ? TYPES.uint64 : arg.kind === 'int' ? TYPES.int64 : TYPES.float64;
  return withNullable(base, maybeNull(arg));
}

function rejectDistinct(name: string, distinct: boolean): void {
  if (distinct) throw new HogQLError(`DISTINCT is only supported as count(DISTINCT ...), not in ${name}()`);
}

function splitCondition(args: readonly Compiled[], withCondition: boolean): [readonly Compiled[], Condition] {
  if (!withCondition) return [args, undefined];
  return [args.slice(0, -1), conditionReader(args[args.length - 1]!)];
}

function count(withCondition: boolean): AggregateFunction {
  return {
    minArgs: withCondition ? 1 : 0,
    maxArgs: withCondition ? 2 : 1,
    build(allArgs, distinct) {
      const [args, condition] = splitCondition(allArgs, withCondition);
      const arg = args[0];
      if (distinct) {
        if (arg === undefined) throw new HogQLError('count(DISTINCT) needs an argument');
        return { type: TYPES.uint64, create: () => new Uniq([arg.fn], condition) };
      }
      if (arg === undefined || !maybeNull(arg.type)) return { type: TYPES.uint64, create: () => new CountRows(condition) };
      return { type: TYPES.uint64, create: () => new CountNonNull(arg.fn, condition) };
    },
  };
}

function uniq(name: string, withCondition: boolean): AggregateFunction {
  return {
    minArgs: withCondition ? 2 : 1,
    maxArgs: Infinity,
    build(allArgs, distinct) {
      rejectDistinct(name, distinct);
      const [args, condition] = splitCondition(allArgs, withCondition);
      const readers = args.map((arg) => arg.fn);
      return { type: TYPES.uint64, create: () => new Uniq(readers, condition) };
    },
  };
}

function sum(name: string, withCondition: boolean): AggregateFunction {
  return {
    minArgs: withCondition ? 2 : 1,
    maxArgs: withCondition ? 2 : 1,
    build(allArgs, distinct) {
      rejectDistinct(name, distinct);
      const [args, condition] = splitCondition(allArgs, withCondition);
      const arg = args[0]!;
      assertNumeric(name, arg.type);
      const type = sumType(arg.type);
      const empty = maybeNull(type) ? null : 0;
      return { type, create: () => new Sum(arg.fn, condition, empty) };
    },
  };
}

function avg(name: string, withCondition: boolean): AggregateFunction {
  return {
    minArgs: withCondition ? 2 : 1,
    maxArgs: withCondition ? 2 : 1,
    build(allArgs, distinct) {
      rejectDistinct(name, distinct);
      const [args, condition] = splitCondition(allArgs, withCondition);
      const arg = args[0]!;
      assertNumeric(name, arg.type);
      return { type: withNullable(TYPES.float64, true), create: () => new Avg(arg.fn, condition) };
    },
  };
}

function extreme(name: string, withCondition: boolean, sign: 1 | -1): AggregateFunction {
  return {
    minArgs: withCondition ? 2 : 1,
    maxArgs: withCondition ? 2 : 1,
    build(allArgs, distinct) {
      rejectDistinct(name, distinct);
      const [args, condition] = splitCondition(allArgs, withCondition);
      const arg = args[0]!;
      const compare = comparatorFor(arg.type);
      const empty = defaultValue(arg.type);
      return { type: arg.type, create: () => new Extreme(arg.fn, condition, compare, sign, empty) };
    },
  };
}

function assertNumeric(name: string, type: SqlType): void {
  if (type.kind === 'string' || type.kind === 'uuid' || type.kind === 'array' || type.kind === 'datetime' || type.kind === 'interval') {
    throw new HogQLError(`Illegal type ${type.ch} of argument for aggregate function ${name}`);
  }
}

export const AGGREGATE_FUNCTIONS: ReadonlyMap<string, AggregateFunction> = new Map<string, AggregateFunction>([
  ['count', count(false)],
  ['countIf', count(true)],
  ['uniq', uniq('uniq', false)],
  ['uniqIf', uniq('uniqIf', true)],
  ['uniqExact', uniq('uniqExact', false)],
  ['uniqExactIf', uniq('uniqExactIf', true)],
  ['sum', sum('sum', false)],
  ['sumIf', sum('sumIf', true)],
  ['avg', avg('avg', false)],
  ['avgIf', avg('avgIf', true)],
  ['min', extreme('min', false, 1)],
  ['minIf', extreme('minIf', true, 1)],
  ['max', extreme('max', false, -1)],
  ['maxIf', extreme('maxIf', true, -1)],
]);

/** HogQL marks these five case-insensitive (`case_sensitive=False` in functions/mapping.py); all others are exact. */
const CASE_INSENSITIVE = new Set(['count', 'sum', 'avg', 'min', 'max']);

export function findAggregate(name: string): AggregateFunction | undefined {
  const exact = AGGREGATE_FUNCTIONS.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  return CASE_INSENSITIVE.has(lower) ? AGGREGATE_FUNCTIONS.get(lower) : undefined;
}

/** Canonical spelling, so `COUNT()` and `count()` share an accumulator and print alike. */
export function canonicalAggregateName(name: string): string {
  return AGGREGATE_FUNCTIONS.has(name) ? name : name.toLowerCase();
}
