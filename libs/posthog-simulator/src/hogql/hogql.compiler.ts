import type { Constant, Expr } from './hogql.ast.js';
import { compileFieldAccess } from './hogql.columns.js';
import { compiled, constantOf, type CompileContext, type Compiled, type RowFn } from './hogql.compiled.js';
import { HogQLError } from './hogql.errors.js';
import { SCALAR_FUNCTIONS } from './hogql.functions.js';
import { compileAnd, compileArithmetic, compileCompare, compileNot, compileOr, conditionReader } from './hogql.operators.js';
import { TYPES, arrayOf, integerLiteralType, unifyTypes, type SqlType } from './hogql.types.js';

/**
 * Lets the caller take over compiling a node before the default rules run. The planner uses it to
 * turn aggregate calls and GROUP BY keys into reads from a group, and to reject what is not allowed
 * in the current clause.
 */
export type Interceptor = (expr: Expr, compiler: ExprCompiler) => Compiled | undefined;

function constantType(expr: Constant): SqlType {
  const value = expr.value;
  if (value === null) return TYPES.nothing;
  if (typeof value === 'string') return TYPES.string;
  if (typeof value === 'boolean') return TYPES.bool;
  return expr.isFloat || !Number.isInteger(value) ? TYPES.float64 : integerLiteralType(value);
}

/** Replaces a node whose operands are all constant with its value, so operators see constants. */
function folded(operands: readonly Compiled[], result: Compiled): Compiled {
  if (result.isConst || !operands.every((operand) => operand.isConst)) return result;
  return constantOf(result.fn(undefined), result.type);
}

/** Compiles resolved expressions (see hogql.resolver.ts) into closures, once per query. */
export class ExprCompiler {
  constructor(
    readonly context: CompileContext,
    private readonly intercept?: Interceptor,
  ) {}

  compile(expr: Expr): Compiled {
    const taken = this.intercept?.(expr, this);
    if (taken !== undefined) return taken;
    switch (expr.kind) {
      case 'Constant':
        return constantOf(expr.value, constantType(expr));
      case 'Array':
      case 'Tuple': {
        const items = expr.items.map((item) => this.compile(item));
        const type = arrayOf(unifyTypes(items.map((item) => item.type)));
        const readers = items.map((item) => item.fn);
        return folded(items, compiled((input) => readers.map((read) => read(input)), type));
      }
      case 'Field':
        return compileFieldAccess(expr.chain);
      case 'Compare': {
        const left = this.compile(expr.left);
        const right = this.compile(expr.right);
        return folded([left, right], compileCompare(expr.op, left, right));
      }
      case 'Arithmetic': {
        const left = this.compile(expr.left);
        const right = this.compile(expr.right);
        return folded([left, right], compileArithmetic(expr.op, left, right));
      }
      case 'And': {
        const operands = expr.exprs.map((e) => this.compile(e));
        return folded(operands, compileAnd(operands));
      }
      case 'Or': {
        const operands = expr.exprs.map((e) => this.compile(e));
        return folded(operands, compileOr(operands));
      }
      case 'Not': {
        const operand = this.compile(expr.expr);
        return folded([operand], compileNot(operand));
      }
      case 'Call': {
        const fn = SCALAR_FUNCTIONS.get(expr.name);
        if (fn === undefined) throw new HogQLError(`Unsupported function call '${expr.name}(...)'`);
        const args = expr.args.map((arg) => this.compile(arg));
        const result = fn.build(args, this.context);
        return fn.readsRow ? result : folded(args, result);
      }
    }
  }

  /** For WHERE/HAVING: a reader returning true, false or null; only `true` keeps the row. */
  compileCondition(expr: Expr): RowFn {
    return conditionReader(this.compile(expr));
  }
}
