import type { RowFn } from './hogql.compiled.js';
import type { SqlType } from './hogql.types.js';
import { totalOrder } from './hogql.values.js';

/**
 * ORDER BY. NULLs go last in both directions unless NULLS FIRST is given (ClickHouse's default,
 * unlike PostgreSQL's). Ties keep input order, which makes the sort stable and keyset pagination
 * deterministic.
 */
export interface SortKey {
  readonly read: RowFn;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
  /** Compares two non-null values of the key's static type. */
  readonly compare: (a: any, b: any) => number;
}

export function comparatorForType(type: SqlType): (a: any, b: any) => number {
  switch (type.kind) {
    case 'int':
    case 'float':
    case 'datetime':
    case 'interval':
      return (a: number, b: number) => (a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1);
    case 'string':
    case 'uuid':
      return (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    case 'bool':
      return (a: boolean, b: boolean) => Number(a) - Number(b);
    default:
      return totalOrder;
  }
}

function compareKeyValues(keys: readonly SortKey[], a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < keys.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    const key = keys[i]!;
    if (x === null || y === null) {
      if (x === null && y === null) continue;
      return (x === null) === key.nullsFirst ? -1 : 1;
    }
    const c = key.compare(x, y);
    if (c !== 0) return key.descending ? -c : c;
  }
  return 0;
}

interface Entry<T> {
  readonly item: T;
  readonly keys: unknown[];
  readonly seq: number;
}

function compareEntries<T>(keys: readonly SortKey[], a: Entry<T>, b: Entry<T>): number {
  return compareKeyValues(keys, a.keys, b.keys) || a.seq - b.seq;
}

/** Sorts a small list (e.g. groups) by the keys. */
export function sortByKeys<T>(items: readonly T[], keys: readonly SortKey[]): T[] {
  const entries = items.map((item, seq) => ({ item, seq, keys: keys.map((key) => key.read(item)) }));
  entries.sort((a, b) => compareEntries(keys, a, b));
  return entries.map((entry) => entry.item);
}

/**
 * The first `limit` matching items in key order, in one pass with a bounded max-heap: O(n log k)
 * instead of sorting every match. Keys are computed into a scratch array and only copied when the
 * candidate makes it into the heap, so rejected rows allocate nothing.
 */
export function selectTopK<T>(
  items: readonly T[],
  matches: ((item: T) => unknown) | null,
  keys: readonly SortKey[],
  limit: number,
): T[] {
  if (limit <= 0) return [];
  const heap: Entry<T>[] = [];
  const scratch: unknown[] = new Array(keys.length);
  const keyCount = keys.length;

  const siftUp = (start: number): void => {
    let i = start;
    const entry = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareEntries(keys, heap[parent]!, entry) >= 0) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  };
  const siftDown = (): void => {
    let i = 0;
    const entry = heap[0]!;
    const size = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const bigger = right < size && compareEntries(keys, heap[right]!, heap[left]!) > 0 ? right : left;
      if (compareEntries(keys, heap[bigger]!, entry) <= 0) break;
      heap[i] = heap[bigger]!;
      i = bigger;
    }
    heap[i] = entry;
  };

  for (let seq = 0; seq < items.length; seq++) {
    const item = items[seq]!;
    if (matches !== null && matches(item) !== true) continue;
    for (let k = 0; k < keyCount; k++) scratch[k] = keys[k]!.read(item);
    if (heap.length < limit) {
      heap.push({ item, keys: scratch.slice(), seq });
      siftUp(heap.length - 1);
      continue;
    }
    // A later row only displaces the current worst when strictly better (ties keep the earlier row).
    if (compareKeyValues(keys, scratch, heap[0]!.keys) >= 0) continue;
    heap[0] = { item, keys: scratch.slice(), seq };
    siftDown();
  }
  heap.sort((a, b) => compareEntries(keys, a, b));
  return heap.map((entry) => entry.item);
}
