import { formatClickHouse } from './hogql.datetime.js';
import { printString } from './hogql.printer.js';
import type { SqlType } from './hogql.types.js';

/**
 * Runtime value semantics shared by the compiler, functions and aggregates: how property JSON
 * becomes a HogQL value, how mixed values compare and how values turn into strings.
 */

const NUMERIC_STRING = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Number for a decimal numeric string, NaN otherwise (unlike Number(), rejects '', '0x1f', 'Infinity'). */
export function numericValue(text: string): number {
  return NUMERIC_STRING.test(text) ? Number(text) : NaN;
}

/**
 * What `properties.x` yields. Strings stay strings and numbers stay numbers (so `sum()` works on
 * them); booleans become 'true'/'false' as PostHog returns them (fixture: `completed: "true"`);
 * objects and arrays become their JSON text like ClickHouse's JSONExtractRaw; missing → null.
 */
export function normalizeProperty(value: unknown): string | number | null {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? null : JSON.stringify(value);
    default:
      return null;
  }
}

/** Numeric view used by arithmetic and sum/avg: numbers, booleans and numeric strings; else null. */
export function toNumberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const n = numericValue(value);
    return Number.isNaN(n) ? null : n;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

function sign(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
}

/**
 * Three-way comparison of two non-null values; NaN when they cannot be ordered. A numeric string
 * meets a number as a number, because property values may hold either spelling of the same value.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return sign(a, b);
  if (typeof a === 'string' && typeof b === 'string') return sign(a, b);
  if (typeof a === 'boolean' && typeof b !== 'string') return compareValues(a ? 1 : 0, b);
  if (typeof b === 'boolean' && typeof a !== 'string') return compareValues(a, b ? 1 : 0);
  if (typeof a === 'boolean') return sign(a ? 'true' : 'false', b as string);
  if (typeof b === 'boolean') return sign(a as string, b ? 'true' : 'false');
  if (typeof a === 'number' && typeof b === 'string') {
    const n = numericValue(b);
    return Number.isNaN(n) ? sign(String(a), b) : sign(a, n);
  }
  if (typeof a === 'string' && typeof b === 'number') {
    const n = numericValue(a);
    return Number.isNaN(n) ? sign(a, String(b)) : sign(n, b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
      const x: unknown = a[i];
      const y: unknown = b[i];
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
        continue;
      }
      const c = compareValues(x, y);
      if (c !== 0) return c;
    }
    return sign(a.length, b.length);
  }
  return sign(String(a), String(b));
}

function typeRank(value: unknown): number {
  switch (typeof value) {
    case 'number':
      return 0;
    case 'string':
      return 1;
    case 'boolean':
      return 2;
    default:
      return Array.isArray(value) ? 3 : 4;
  }
}

/**
 * A total order for sorting (ORDER BY, min, max), which {@link compareValues} is not once numbers
 * and numeric strings mix. Values of one type order naturally; across types numbers < strings <
 * booleans < arrays. NaN sorts after every number, as in ClickHouse. Both arguments are non-null.
 */
export function totalOrder(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) {
    const x = a as number;
    const y = b as number;
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) return 0;
    return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  }
  if (ra === 1) return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  if (ra === 2) return Number(a) - Number(b);
  if (ra === 3) {
    const x = a as unknown[];
    const y = b as unknown[];
    const length = Math.min(x.length, y.length);
    for (let i = 0; i < length; i++) {
      const p = x[i];
      const q = y[i];
      if (p === null || q === null) {
        if (p !== q) return p === null ? 1 : -1;
        continue;
      }
      const c = totalOrder(p, q);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  return 0;
}

/** WHERE/HAVING/AND/OR truthiness: ClickHouse treats non-zero numbers as true; null stays unknown. */
export function toCondition(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') {
    if (value === 'true') return true;
    if (value === 'false') return false;
    const n = numericValue(value);
    return Number.isNaN(n) ? null : n !== 0;
  }
  return null;
}

/** ClickHouse's text for a number: `inf`, `nan`, `1e21` rather than JavaScript's spellings. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value).replace('e+', 'e');
}

/** `toString()` semantics for a value of the given static type. */
export function valueToString(value: unknown, type: SqlType): string | null {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'datetime':
      return formatClickHouse(value as number, type.ch.startsWith('DateTime64') ? 6 : 0);
    case 'bool':
      return type.ch === 'Bool' ? (value ? 'true' : 'false') : value ? '1' : '0';
    case 'array':
      return arrayLiteral(value as unknown[], type.element!);
    default:
      return typeof value === 'number' ? formatNumber(value) : String(value);
  }
}

function arrayLiteral(items: readonly unknown[], element: SqlType): string {
  const parts = items.map((item) => {
    if (item === null) return 'NULL';
    if (element.kind === 'array') return arrayLiteral(item as unknown[], element.element!);
    const text = valueToString(item, element)!;
    const bare = (typeof item === 'number' || typeof item === 'boolean') && element.kind !== 'datetime';
    return bare ? text : printString(text);
  });
  return `[${parts.join(',')}]`;
}
