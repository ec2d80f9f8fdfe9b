/**
 * HogQL syntax tree for the supported subset. Shapes follow PostHog's `posthog/hogql/ast.py` where
 * it matters for printing (e.g. `x IS NULL` is an `eq` comparison with NULL, `INTERVAL 3 DAY` is a
 * `toIntervalDay(3)` call, `-x` is `minus(0, x)`), so printed queries and column names read like PostHog's.
 */

export type ConstantValue = string | number | boolean | null;

export interface Constant {
  readonly kind: 'Constant';
  readonly value: ConstantValue;
  /** Integral numbers written as `1.0` (or placeholders holding non-integers) are Float64, not integers. */
  readonly isFloat?: boolean;
}

export interface ArrayExpr {
  readonly kind: 'Array';
  readonly items: readonly Expr[];
}

/** `(a, b)` or `tuple(a, b)`; only meaningful as the right side of IN, where it behaves like an array. */
export interface TupleExpr {
  readonly kind: 'Tuple';
  readonly items: readonly Expr[];
}

/** Column or property path, e.g. `['event']`, `['properties', '$browser']`, `['e', 'timestamp']`. */
export interface Field {
  readonly kind: 'Field';
  readonly chain: readonly (string | number)[];
}

export interface Call {
  readonly kind: 'Call';
  readonly name: string;
  readonly args: readonly Expr[];
  /** `count(DISTINCT x)`. */
  readonly distinct?: boolean;
}

export type CompareOp = 'eq' | 'notEq' | 'lt' | 'ltEq' | 'gt' | 'gtEq' | 'in' | 'notIn' | 'like' | 'notLike' | 'ilike' | 'notILike';

export interface Compare {
  readonly kind: 'Compare';
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
}

export interface And {
  readonly kind: 'And';
  readonly exprs: readonly Expr[];
}

export interface Or {
  readonly kind: 'Or';
  readonly exprs: readonly Expr[];
}

export interface Not {
  readonly kind: 'Not';
  readonly expr: Expr;
}

export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'mod';

export interface Arithmetic {
  readonly kind: 'Arithmetic';
  readonly op: ArithmeticOp;
  readonly left: Expr;
  readonly right: Expr;
}

export type Expr = Constant | ArrayExpr | TupleExpr | Field | Call | Compare | And | Or | Not | Arithmetic;

export interface SelectItem {
  readonly expr: Expr;
  readonly alias?: string;
}

export interface TableRef {
  readonly table: string;
  readonly alias?: string;
}

export interface OrderItem {
  readonly expr: Expr;
  readonly order: 'ASC' | 'DESC';
  /** Absent means ClickHouse's default, NULLS LAST for both directions. */
  readonly nulls?: 'FIRST' | 'LAST';
}

export interface SelectQuery {
  readonly kind: 'SelectQuery';
  readonly select: readonly SelectItem[];
  readonly from?: TableRef;
  readonly where?: Expr;
  readonly groupBy?: readonly Expr[];
  readonly having?: Expr;
  readonly orderBy?: readonly OrderItem[];
  /** Non-negative integer as written by the user, before PostHog's 50 000 cap. */
  readonly limit?: number;
}
