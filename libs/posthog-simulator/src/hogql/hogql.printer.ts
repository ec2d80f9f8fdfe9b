import type { ArithmeticOp, CompareOp, ConstantValue, Expr, SelectQuery } from './hogql.ast.js';
import { RESERVED_KEYWORDS } from './hogql.tokenizer.js';

/**
 * Prints the AST the way PostHog's HogQL printer (dialect "hogql") does: operators become function
 * calls (`equals(event, 'x')`, `plus(a, 1)`, `and(...)`). PostHog uses that text both for the response's
 * `hogql` field and as the column name of un-aliased expressions, so matching it keeps `columns` familiar.
 * The parser accepts these spellings, so printing is lossless: `parse(print(ast))` equals `ast`.
 */

const COMPARE_NAMES: Record<CompareOp, string> = {
  eq: 'equals', notEq: 'notEquals', lt: 'less', ltEq: 'lessOrEquals', gt: 'greater', gtEq: 'greaterOrEquals',
  in: 'in', notIn: 'notIn', like: 'like', notLike: 'notLike', ilike: 'ilike', notILike: 'notILike',
};

const ARITHMETIC_NAMES: Record<ArithmeticOp, string> = {
  add: 'plus', sub: 'minus', mul: 'multiply', div: 'divide', mod: 'modulo',
};

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\', "'": "\\'", '\b': '\\b', '\f': '\\f', '\r': '\\r', '\n': '\\n', '\t': '\\t', '\0': '\\0', '\x07': '\\a', '\v': '\\v',
};

export function printString(value: string): string {
  return `'${value.replace(/[\\'\b\f\r\n\t\0\x07\v]/g, (c) => STRING_ESCAPES[c]!)}'`;
}

export function printIdentifier(name: string | number): string {
  if (typeof name === 'number') return String(name);
  const upper = name.toUpperCase();
  const keyword = RESERVED_KEYWORDS.has(upper) || upper === 'NULL' || upper === 'TRUE' || upper === 'FALSE';
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !keyword) return name;
  return `\`${name.replace(/[\\`]/g, (c) => `\\${c}`)}\``;
}

export function printConstant(value: ConstantValue, isFloat = false): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return printString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return isFloat && Number.isInteger(value) ? `${value}.0` : String(value);
}

export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'Constant':
      return printConstant(expr.value, expr.isFloat);
    case 'Array':
      return `[${expr.items.map(printExpr).join(', ')}]`;
    case 'Tuple':
      return `tuple(${expr.items.map(printExpr).join(', ')})`;
    case 'Field':
      return expr.chain.map(printIdentifier).join('.');
    case 'Call':
      return `${expr.name}(${expr.distinct ? 'DISTINCT ' : ''}${expr.args.map(printExpr).join(', ')})`;
    case 'Compare':
      return `${COMPARE_NAMES[expr.op]}(${printExpr(expr.left)}, ${printExpr(expr.right)})`;
    case 'Arithmetic':
      return `${ARITHMETIC_NAMES[expr.op]}(${printExpr(expr.left)}, ${printExpr(expr.right)})`;
    case 'And':
      return `and(${expr.exprs.map(printExpr).join(', ')})`;
    case 'Or':
      return `or(${expr.exprs.map(printExpr).join(', ')})`;
    case 'Not':
      return `not(${printExpr(expr.expr)})`;
  }
}

export interface PrintLimit {
  readonly limit: number;
  readonly offset?: number;
}

/**
 * Prints a SELECT. `limit` overrides the query's own LIMIT so the printout shows what actually ran
 * (PostHog prints the capped limit, or `LIMIT 101 OFFSET 0` when it paginated a limit-less query).
 */
export function printSelect(query: SelectQuery, limit?: PrintLimit): string {
  const parts = [
    `SELECT ${query.select.map((item) => (item.alias === undefined ? printExpr(item.expr) : `${printExpr(item.expr)} AS ${printIdentifier(item.alias)}`)).join(', ')}`,
  ];
  if (query.from) {
    parts.push(`FROM ${printIdentifier(query.from.table)}${query.from.alias === undefined ? '' : ` AS ${printIdentifier(query.from.alias)}`}`);
  }
  if (query.where) parts.push(`WHERE ${printExpr(query.where)}`);
  if (query.groupBy) parts.push(`GROUP BY ${query.groupBy.map(printExpr).join(', ')}`);
  if (query.having) parts.push(`HAVING ${printExpr(query.having)}`);
  if (query.orderBy) {
    parts.push(
      `ORDER BY ${query.orderBy.map((item) => `${printExpr(item.expr)} ${item.order}${item.nulls === undefined ? '' : ` NULLS ${item.nulls}`}`).join(', ')}`,
    );
  }
  const effective = limit ?? (query.limit === undefined ? undefined : { limit: query.limit });
  if (effective) parts.push(`LIMIT ${effective.limit}${effective.offset === undefined ? '' : ` OFFSET ${effective.offset}`}`);
  return parts.join(' ');
}
