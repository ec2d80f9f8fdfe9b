import { formatIsoUtc } from './hogql.datetime.js';
import { clickHouseTypeName, type SqlType } from './hogql.types.js';

/**
 * Turns evaluator values into what PostHog's JSON response carries: date-times as ISO strings,
 * comparison results as 0/1 (ClickHouse UInt8), non-finite floats as null (JSON has no nan/inf).
 */
export function renderValue(value: unknown, type: SqlType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'datetime':
      return formatIsoUtc(value as number);
    case 'bool':
      return type.ch === 'Bool' ? Boolean(value) : value ? 1 : 0;
    case 'int':
    case 'float':
    case 'interval':
      return Number.isFinite(value) ? value : null;
    case 'array': {
      const element = type.element!;
      return (value as unknown[]).map((item) => renderValue(item, element));
    }
    default:
      return value;
  }
}

function collectDynamic(value: unknown, type: SqlType, seen: { string: boolean; number: boolean }): void {
  if (value === null) return;
  if (type.kind === 'array') {
    for (const item of value as unknown[]) collectDynamic(item, type.element!, seen);
  } else if (typeof value === 'number') {
    seen.number = true;
  } else {
    seen.string = true;
  }
}

/**
 * ClickHouse type name for a result column. Property values have no static type (PostHog would say
 * Nullable(String)); here they keep JSON numbers, so a column holding only numbers reports
 * Nullable(Float64) and anything else Nullable(String).
 */
export function columnTypeName(type: SqlType, renderedColumn: readonly unknown[]): string {
  let inner: SqlType = type;
  while (inner.kind === 'array') inner = inner.element!;
  if (inner.kind !== 'dynamic') return clickHouseTypeName(type);
  const seen = { string: false, number: false };
  for (const value of renderedColumn) collectDynamic(value, type, seen);
  return clickHouseTypeName(type, seen.number && !seen.string ? 'Float64' : 'String');
}
