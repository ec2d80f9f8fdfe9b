import { canonicalAggregateName, findAggregate } from './hogql.aggregates.js';
import type { Expr, SelectQuery } from './hogql.ast.js';
import { EVENT_COLUMNS } from './hogql.columns.js';
import { HogQLError } from './hogql.errors.js';
import { SCALAR_FUNCTIONS } from './hogql.functions.js';
import { printExpr } from './hogql.printer.js';

/**
 * Name resolution, done once before compiling: select aliases are expanded in place (so later
 * stages never see them), table qualifiers (`events.x`, `e.x`) are stripped, positional
 * GROUP BY/ORDER BY numbers are replaced by the select expression, and every field and function
 * is checked. The output only contains columns, property paths, constants and known functions.
 */
export interface ResolvedColumn {
  /** Alias, or the PostHog-style printout of the expression as written (e.g. `count()`). */
  readonly name: string;
  readonly expr: Expr;
}

export interface ResolvedOrder {
  readonly expr: Expr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface ResolvedQuery {
  readonly columns: readonly ResolvedColumn[];
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  readonly orderBy: readonly ResolvedOrder[];
  /** GROUP BY present, or an aggregate anywhere in SELECT, HAVING or ORDER BY. */
  readonly isAggregate: boolean;
  readonly hasFrom: boolean;
}

const SUPPORTED_TABLE = 'events';

const KNOWN_FUNCTION_NAMES = [...SCALAR_FUNCTIONS.keys(), 'count', 'countIf', 'uniq', 'uniqIf', 'uniqExact', 'uniqExactIf', 'sum', 'sumIf', 'avg', 'avgIf', 'min', 'minIf', 'max', 'maxIf'];

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** PostHog's wording, including its "Perhaps you meant" hint (which it computes with difflib). */
function unknownFunction(name: string): HogQLError {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of KNOWN_FUNCTION_NAMES) {
    const score = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(candidate.toLowerCase(), name.toLowerCase());
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  const hint = best !== undefined && bestScore <= Math.max(1, Math.floor(name.length / 3)) ? ` Perhaps you meant '${best}(...)'?` : '';
  return new HogQLError(`Unsupported function call '${name}(...)'.${hint}`.replace(/\.$/, ''));
}

function checkArity(term: 'Function' | 'Aggregation', name: string, count: number, min: number, max: number): void {
  const plural = (n: number): string => (n === 1 ? 'argument' : 'arguments');
  if (min === max && count !== min) throw new HogQLError(`${term} '${name}' expects ${min} ${plural(min)}, found ${count}`);
  if (count < min) throw new HogQLError(`${term} '${name}' expects at least ${min} ${plural(min)}, found ${count}`);
  if (count > max) throw new HogQLError(`${term} '${name}' expects at most ${max} ${plural(max)}, found ${count}`);
}

export function isAggregateCall(expr: Expr): boolean {
  return expr.kind === 'Call' && findAggregate(expr.name) !== undefined;
}

export function containsAggregate(expr: Expr): boolean {
  switch (expr.kind) {
    case 'Call':
      return isAggregateCall(expr) || expr.args.some(containsAggregate);
    case 'Array':
    case 'Tuple':
      return expr.items.some(containsAggregate);
    case 'Compare':
    case 'Arithmetic':
      return containsAggregate(expr.left) || containsAggregate(expr.right);
    case 'And':
    case 'Or':
      return expr.exprs.some(containsAggregate);
    case 'Not':
      return containsAggregate(expr.expr);
    default:
      return false;
  }
}

class ExprResolver {
  constructor(
    private readonly aliases: ReadonlyMap<string, Expr>,
    private readonly qualifiers: ReadonlySet<string>,
    private readonly hasFrom: boolean,
  ) {}

  /** `expanding` holds aliases being expanded: inside its own definition a name means the column (as in ClickHouse). */
  resolve(expr: Expr, expanding: ReadonlySet<string> = new Set()): Expr {
    switch (expr.kind) {
      case 'Constant':
        return expr;
      case 'Array':
      case 'Tuple':
        return { kind: expr.kind, items: expr.items.map((item) => this.resolve(item, expanding)) };
      case 'Field':
        return this.resolveField(expr.chain, expanding);
      case 'Compare':
      case 'Arithmetic':
        return { ...expr, left: this.resolve(expr.left, expanding), right: this.resolve(expr.right, expanding) };
      case 'And':
      case 'Or':
        return { kind: expr.kind, exprs: expr.exprs.map((e) => this.resolve(e, expanding)) };
      case 'Not':
        return { kind: 'Not', expr: this.resolve(expr.expr, expanding) };
      case 'Call':
        return this.resolveCall(expr.name, expr.args, expr.distinct === true, expanding);
    }
  }

  private resolveField(chainIn: readonly (string | number)[], expanding: ReadonlySet<string>): Expr {
    let chain = chainIn;
    const head = chain[0];
    if (chain.length > 1 && typeof head === 'string' && this.qualifiers.has(head) && !EVENT_COLUMNS.has(head)) chain = chain.slice(1);
    const name = chain[0];
    if (typeof name !== 'string') throw new HogQLError(`Unable to resolve field: ${String(name)}`);
    const alias = this.aliases.get(name);
    if (chain.length === 1 && alias !== undefined && !expanding.has(name)) return this.resolve(alias, new Set([...expanding, name]));
    if (!this.hasFrom || !EVENT_COLUMNS.has(name)) throw new HogQLError(`Unable to resolve field: ${name}`);
    if (chain.length > 1 && name !== 'properties') {
      throw new HogQLError(`Cannot resolve type ${chain.join('.')}. Unable to resolve ${String(chain[1])}.`);
    }
    return { kind: 'Field', chain };
  }

  private resolveCall(name: string, argsIn: readonly Expr[], distinct: boolean, expanding: ReadonlySet<string>): Expr {
    const aggregate = findAggregate(name);
    const scalar = SCALAR_FUNCTIONS.get(name);
    if (aggregate !== undefined) {
      checkArity('Aggregation', name, argsIn.length, aggregate.minArgs, aggregate.maxArgs);
      if (distinct && name.toLowerCase() !== 'count') throw new HogQLError(`DISTINCT is only supported as count(DISTINCT ...), not in ${name}()`);
    } else if (scalar !== undefined) {
      checkArity('Function', name, argsIn.length, scalar.minArgs, scalar.maxArgs);
      if (distinct) throw new HogQLError(`DISTINCT is only supported as count(DISTINCT ...), not in ${name}()`);
      if (scalar.readsRow && !this.hasFrom) throw new HogQLError('Unable to resolve field: properties');
    } else {
      throw unknownFunction(name);
    }
    const args = argsIn.map((arg) => this.resolve(arg, expanding));
    const canonical = aggregate !== undefined ? canonicalAggregateName(name) : name;
    return distinct ? { kind: 'Call', name: canonical, args, distinct } : { kind: 'Call', name: canonical, args };
  }
}

/** GROUP BY 1 / ORDER BY 2 refer to select columns (ClickHouse's enable_positional_arguments default). */
function positional(expr: Expr, columns: readonly ResolvedColumn[]): Expr | undefined {
  if (expr.kind !== 'Constant' || typeof expr.value !== 'number' || expr.isFloat || !Number.isInteger(expr.value)) return undefined;
  const column = columns[expr.value - 1];
  if (column === undefined) throw new HogQLError(`Positional argument out of bounds: ${expr.value} (the query selects ${columns.length} columns)`);
  return column.expr;
}

export function resolveQuery(query: SelectQuery): ResolvedQuery {
  const from = query.from;
  if (from !== undefined && from.table !== SUPPORTED_TABLE) {
    throw new HogQLError(`Unknown table \`${from.table}\`. The PostHog simulator only supports the \`events\` table.`);
  }
  const qualifiers = new Set<string>(from === undefined ? [] : [from.alias ?? SUPPORTED_TABLE]);

  const aliases = new Map<string, Expr>();
  for (const item of query.select) {
    if (item.alias === undefined) continue;
    if (aliases.has(item.alias)) throw new HogQLError(`Cannot redefine an alias with the name: ${item.alias}`);
    aliases.set(item.alias, item.expr);
  }

  const resolver = new ExprResolver(aliases, qualifiers, from !== undefined);
  const columns = query.select.map((item) => ({
    name: item.alias ?? printExpr(item.expr),
    expr: resolver.resolve(item.expr, new Set(item.alias === undefined ? [] : [item.alias])),
  }));
  const where = query.where && resolver.resolve(query.where);
  const groupBy = (query.groupBy ?? []).map((e) => positional(e, columns) ?? resolver.resolve(e));
  const having = query.having && resolver.resolve(query.having);
  const orderBy = (query.orderBy ?? []).map((item) => ({
    expr: positional(item.expr, columns) ?? resolver.resolve(item.expr),
    descending: item.order === 'DESC',
    nullsFirst: item.nulls === 'FIRST',
  }));

  const isAggregate =
    groupBy.length > 0 ||
    columns.some((column) => containsAggregate(column.expr)) ||
    (having !== undefined && containsAggregate(having)) ||
    orderBy.some((item) => containsAggregate(item.expr));
  if (having !== undefined && !isAggregate) throw new HogQLError('HAVING requires GROUP BY or an aggregate function');

  return {
    columns,
    ...(where && { where }),
    groupBy,
    ...(having && { having }),
    orderBy,
    isAggregate,
    hasFrom: from !== undefined,
  };
}
