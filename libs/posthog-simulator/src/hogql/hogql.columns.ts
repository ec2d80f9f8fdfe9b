import { compiled, type Compiled } from './hogql.compiled.js';
import { HogQLError } from './hogql.errors.js';
import type { HogQLEvent } from './hogql-event.js';
import { TYPES, type SqlType } from './hogql.types.js';
import { normalizeProperty } from './hogql.values.js';

/** The simulator's `events` table: the columns a HogQL query can name, with PostHog's ClickHouse types. */
export const EVENT_COLUMNS: ReadonlyMap<string, SqlType> = new Map<string, SqlType>([
  ['uuid', TYPES.uuid],
  ['event', TYPES.string],
  ['distinct_id', TYPES.string],
  ['person_id', TYPES.uuid],
  ['timestamp', TYPES.dateTime64],
  // The raw JSON text, as ClickHouse stores it.
  ['properties', TYPES.string],
]);

// One closure per column so each access site stays monomorphic.
const COLUMN_READERS: Record<string, (row: HogQLEvent) => unknown> = {
  uuid: (row) => row.uuid,
  event: (row) => row.event,
  distinct_id: (row) => row.distinct_id,
  person_id: (row) => row.person_id,
  timestamp: (row) => row.timestamp,
  properties: (row) => JSON.stringify(row.properties),
};

/**
 * Reads a raw JSON value at `path` inside an object. Keys that exist on Object.prototype
 * (`constructor`, `__proto__`, ...) go through hasOwn so a query cannot reach prototype members;
 * other keys use a plain lookup, the fast path. Integer steps index arrays 1-based, negative from
 * the end, like ClickHouse's JSONExtract.
 */
export function rawValueReader(path: readonly (string | number)[]): (root: unknown) => unknown {
  const steps = path.map((step) => {
    if (typeof step === 'number') {
      return (value: unknown): unknown => {
        if (!Array.isArray(value)) return undefined;
        const index = step > 0 ? step - 1 : value.length + step;
        return step === 0 ? undefined : value[index];
      };
    }
    const guarded = step in Object.prototype;
    return (value: unknown): unknown => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      if (guarded && !Object.hasOwn(value, step)) return undefined;
      return (value as Record<string, unknown>)[step];
    };
  });
  if (steps.length === 1) return steps[0]!;
  return (root) => {
    let value = root;
    for (const step of steps) {
      value = step(value);
      if (value === undefined) return undefined;
    }
    return value;
  };
}

function propertyAccess(path: readonly (string | number)[]): Compiled {
  const first = path[0];
  if (path.length === 1 && typeof first === 'string' && !(first in Object.prototype)) {
    // The hot path: `properties.$survey_id` and friends.
    return compiled((row: HogQLEvent) => {
      const value = row.properties[first];
      return typeof value === 'string' || typeof value === 'number' ? value : normalizeProperty(value);
    }, TYPES.dynamic);
  }
  const read = rawValueReader(path);
  return compiled((row: HogQLEvent) => normalizeProperty(read(row.properties)), TYPES.dynamic);
}

/** Compiles a resolved field chain (`['event']`, `['properties', '$browser']`) into a row reader. */
export function compileFieldAccess(chain: readonly (string | number)[]): Compiled {
  const [head, ...rest] = chain;
  const type = typeof head === 'string' ? EVENT_COLUMNS.get(head) : undefined;
  if (type === undefined) throw new HogQLError(`Unable to resolve field: ${String(head)}`);
  if (rest.length > 0) {
    if (head !== 'properties') throw new HogQLError(`Cannot resolve type ${chain.join('.')}. Unable to resolve ${String(rest[0])}.`);
    return propertyAccess(rest);
  }
  return compiled(COLUMN_READERS[head as string]!, type);
}
