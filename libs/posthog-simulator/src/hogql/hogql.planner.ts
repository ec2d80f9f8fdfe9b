import { findAggregate, type Accumulator, type AggregateInstance } from './hogql.aggregates.js';
import type { Call, Expr, SelectQuery } from './hogql.ast.js';
import { compiled, type CompileContext, type Compiled, type RowFn } from './hogql.compiled.js';
import { ExprCompiler, type Interceptor } from './hogql.compiler.js';
import { HogQLError } from './hogql.errors.js';
import { SCALAR_FUNCTIONS } from './hogql.functions.js';
import { printExpr } from './hogql.printer.js';
import { isAggregateCall, resolveQuery } from './hogql.resolver.js';
import { comparatorForType, type SortKey } from './hogql.sorter.js';
import type { SqlType } from './hogql.types.js';

/**
 * Turns a parsed query into closures, once per query: a row filter, and either per-row projections
 * (plain queries) or group keys plus accumulators whose finished values the projections read
 * (aggregate queries). Nothing here looks at the data.
 */
export interface OutputColumn {
  readonly name: string;
  readonly type: SqlType;
}

/** One GROUP BY bucket; after the scan `values` holds each accumulator's result. */
export interface Group {
  readonly keys: unknown[];
  readonly accumulators: Accumulator[];
  values: unknown[];
}

interface PlanBase {
  readonly columns: readonly OutputColumn[];
  /** Reads the output values; the argument is an event (rows plan) or a Group (aggregate plan). */
  readonly select: readonly RowFn[];
  readonly orderBy: readonly SortKey[];
  readonly where: RowFn | null;
  readonly hasFrom: boolean;
}

export interface RowsPlan extends PlanBase {
  readonly kind: 'rows';
}

export interface AggregatePlan extends PlanBase {
  readonly kind: 'aggregate';
  readonly groupKeys: readonly RowFn[];
  /** Array-valued keys are hashed by their JSON text. */
  readonly serializeKey: readonly boolean[];
  readonly aggregates: readonly AggregateInstance[];
  readonly having: RowFn | null;
}

export type QueryPlan = RowsPlan | AggregatePlan;

/** Row-level compilation: aggregates are not allowed here, and the error says where one was found. */
function rowInterceptor(clause: string): Interceptor {
  return (expr) => {
    if (isAggregateCall(expr)) throw new HogQLError(`Aggregate function ${printExpr(expr)} is found in ${clause} in query`);
    return undefined;
  };
}

function nestedAggregateInterceptor(outer: string): Interceptor {
  return (expr) => {
    if (expr.kind === 'Call' && isAggregateCall(expr)) {
      throw new HogQLError(`Aggregation '${expr.name}' cannot be nested inside another aggregation '${outer}'.`);
    }
    return undefined;
  };
}

function notAggregated(expr: Expr): HogQLError {
  return new HogQLError(`Column \`${printExpr(expr)}\` is not under aggregate function and not in GROUP BY keys`);
}

function sortKeys(compiler: ExprCompiler, order: readonly { expr: Expr; descending: boolean; nullsFirst: boolean }[]): SortKey[] {
  return order.map((item) => {
    const key = compiler.compile(item.expr);
    return { read: key.fn, descending: item.descending, nullsFirst: item.nullsFirst, compare: comparatorForType(key.type) };
  });
}

export function planQuery(query: SelectQuery, context: CompileContext): QueryPlan {
  const resolved = resolveQuery(query);
  const where = resolved.where === undefined ? null : new ExprCompiler(context, rowInterceptor('WHERE')).compileCondition(resolved.where);

  if (!resolved.isAggregate) {
    const compiler = new ExprCompiler(context, rowInterceptor('SELECT'));
    const select = resolved.columns.map((column) => compiler.compile(column.expr));
    return {
      kind: 'rows',
      columns: resolved.columns.map((column, i) => ({ name: column.name, type: select[i]!.type })),
      select: select.map((c) => c.fn),
      orderBy: sortKeys(compiler, resolved.orderBy),
      where,
      hasFrom: resolved.hasFrom,
    };
  }

  const keyCompiler = new ExprCompiler(context, rowInterceptor('GROUP BY'));
  const keys = resolved.groupBy.map((expr) => keyCompiler.compile(expr));
  const keyIndex = new Map(resolved.groupBy.map((expr, i) => [printExpr(expr), i] as const));
  const aggregates: AggregateInstance[] = [];
  const aggregateIndex = new Map<string, number>();

  const registerAggregate = (call: Call): Compiled => {
    const signature = printExpr(call);
    let index = aggregateIndex.get(signature);
    if (index === undefined) {
      const argCompiler = new ExprCompiler(context, nestedAggregateInterceptor(call.name));
      const args = call.args.map((arg) => argCompiler.compile(arg));
      index = aggregates.length;
      aggregates.push(findAggregate(call.name)!.build(args, call.distinct === true));
      aggregateIndex.set(signature, index);
    }
    const slot = index;
    return compiled((group: Group) => group.values[slot], aggregates[slot]!.type);
  };

  // After GROUP BY an expression may only use group keys, aggregates and constants.
  const groupInterceptor: Interceptor = (expr) => {
    const keySlot = keyIndex.get(printExpr(expr));
    if (keySlot !== undefined) return compiled((group: Group) => group.keys[keySlot], keys[keySlot]!.type);
    if (expr.kind === 'Call' && isAggregateCall(expr)) return registerAggregate(expr);
    if (expr.kind === 'Field') throw notAggregated(expr);
    if (expr.kind === 'Call' && SCALAR_FUNCTIONS.get(expr.name)?.readsRow) throw notAggregated(expr);
    return undefined;
  };
  const compiler = new ExprCompiler(context, groupInterceptor);
  const select = resolved.columns.map((column) => compiler.compile(column.expr));
  const having = resolved.having === undefined ? null : compiler.compileCondition(resolved.having);
  const orderBy = sortKeys(compiler, resolved.orderBy);

  return {
    kind: 'aggregate',
    columns: resolved.columns.map((column, i) => ({ name: column.name, type: select[i]!.type })),
    select: select.map((c) => c.fn),
    orderBy,
    where,
    hasFrom: resolved.hasFrom,
    groupKeys: keys.map((key) => key.fn),
    serializeKey: keys.map((key) => key.type.kind === 'array'),
    aggregates,
    having,
  };
}
