import type { SqlType } from './hogql.types.js';

/**
 * An expression compiled to a closure. The closure's argument is an event row for row-level
 * expressions and a group for expressions evaluated after GROUP BY; the compiler decides which.
 */
export type RowFn = (input: any) => unknown;

export interface Compiled {
  readonly fn: RowFn;
  readonly type: SqlType;
  /** True when `value` is known at compile time; lets operators pick constant fast paths and fold. */
  readonly isConst: boolean;
  readonly value: unknown;
}

export interface CompileContext {
  /** Epoch ms returned by now(); fixed per query like ClickHouse's now(). */
  readonly now: number;
}

export function compiled(fn: RowFn, type: SqlType): Compiled {
  return { fn, type, isConst: false, value: undefined };
}

export function constantOf(value: unknown, type: SqlType): Compiled {
  return { fn: () => value, type, isConst: true, value };
}
