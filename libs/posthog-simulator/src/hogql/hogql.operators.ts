import type { ArithmeticOp, CompareOp } from './hogql.ast.js';
import { compiled, constantOf, type Compiled, type RowFn } from './hogql.compiled.js';
import { addInterval, parseDateTime } from './hogql.datetime.js';
import { HogQLError } from './hogql.errors.js';
import { TYPES, isNumericKind, maybeNull, withNullable, type SqlType } from './hogql.types.js';
import { compareValues, numericValue, toCondition, toNumberOrNull, valueToString } from './hogql.values.js';

/**
 * Comparison, membership, LIKE, logic and arithmetic. Each builder looks at the operands' static
 * types once and returns the narrowest closure it can (e.g. `row => read(row) === 'survey sent'`),
 * which is where most of the evaluator's speed comes from.
 *
 * NULL semantics follow PostHog's ClickHouse printer, which wraps comparisons in ifNull():
 * `=` is true when both sides are NULL and false when one is; `!=` is the opposite; `<`, `>`,
 * `<=`, `>=` and LIKE are false with a NULL side (NOT LIKE true); IN and NOT IN are false for a
 * NULL left side (ClickHouse's transform_null_in = 0). Comparisons therefore never yield NULL.
 */

type ScalarCompareOp = 'eq' | 'notEq' | 'lt' | 'ltEq' | 'gt' | 'gtEq';

type Domain = 'number' | 'string' | 'generic';

function isStringKind(type: SqlType): boolean {
  return type.kind === 'string' || type.kind === 'uuid';
}

function resultWhenOneSideNull(op: ScalarCompareOp): boolean {
  return op === 'notEq';
}

function resultWhenBothNull(op: ScalarCompareOp): boolean {
  return op === 'eq';
}

function fromSign(op: ScalarCompareOp, sign: number): boolean {
  switch (op) {
    case 'eq':
      return sign === 0;
    case 'notEq':
      return sign !== 0;
    case 'lt':
      return sign < 0;
    case 'ltEq':
      return sign <= 0;
    case 'gt':
      return sign > 0;
    case 'gtEq':
      return sign >= 0;
  }
}

/** Converts a date-time comparison operand: strings are parsed as UTC, numbers are epoch seconds. */
function asDateTime(operand: Compiled): Compiled {
  if (operand.type.kind === 'datetime') return operand;
  if (operand.isConst) {
    const value = operand.value;
    if (value === null) return operand;
    if (typeof value === 'string') {
      const ms = parseDateTime(value);
      if (ms === null) throw new HogQLError(`Cannot parse DateTime from String '${value}'`);
      return constantOf(ms, TYPES.dateTime64);
    }
    if (typeof value === 'number') return constantOf(value * 1000, TYPES.dateTime);
    throw new HogQLError(`Cannot compare DateTime with ${operand.type.ch}`);
  }
  if (operand.type.kind === 'array' || operand.type.kind === 'interval') {
    throw new HogQLError(`Cannot compare DateTime with ${operand.type.ch}`);
  }
  const read = operand.fn;
  return compiled((input) => {
    const value = read(input);
    if (typeof value === 'string') return parseDateTime(value);
    return typeof value === 'number' ? value * 1000 : null;
  }, withNullable(TYPES.dateTime64, true));
}

/** Booleans compare as 1/0 against numbers. */
function asNumber(operand: Compiled): Compiled {
  if (operand.type.kind !== 'bool') return operand;
  if (operand.isConst) return constantOf(operand.value === null ? null : operand.value ? 1 : 0, TYPES.int64);
  const read = operand.fn;
  return compiled((input) => {
    const value = read(input);
    return value === null ? null : value ? 1 : 0;
  }, withNullable(TYPES.int64, operand.type.nullable));
}

function primitiveAgainstConstant(op: ScalarCompareOp, read: RowFn, c: unknown, constantOnRight: boolean): RowFn {
  const flipped: ScalarCompareOp = constantOnRight
    ? op
    : ({ eq: 'eq', notEq: 'notEq', lt: 'gt', ltEq: 'gtEq', gt: 'lt', gtEq: 'ltEq' } as const)[op];
  const k = c as number;
  switch (flipped) {
    case 'eq':
      return (input) => read(input) === k;
    case 'notEq':
      return (input) => read(input) !== k;
    case 'lt':
      return (input) => (read(input) as number) < k;
    case 'ltEq':
      return (input) => (read(input) as number) <= k;
    case 'gt':
      return (input) => (read(input) as number) > k;
    case 'gtEq':
      return (input) => (read(input) as number) >= k;
  }
}

const PRIMITIVE: Record<ScalarCompareOp, (a: any, b: any) => boolean> = {
  eq: (a, b) => a === b,
  notEq: (a, b) => a !== b,
  lt: (a, b) => a < b,
  ltEq: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gtEq: (a, b) => a >= b,
};

function primitiveBoth(op: ScalarCompareOp, left: RowFn, right: RowFn): RowFn {
  switch (op) {
    case 'eq':
      return (input) => left(input) === right(input);
    case 'notEq':
      return (input) => left(input) !== right(input);
    case 'lt':
      return (input) => (left(input) as number) < (right(input) as number);
    case 'ltEq':
      return (input) => (left(input) as number) <= (right(input) as number);
    case 'gt':
      return (input) => (left(input) as number) > (right(input) as number);
    case 'gtEq':
      return (input) => (left(input) as number) >= (right(input) as number);
  }
}

/** Dynamic (property) operand against a constant: the shape of most filters, so it gets its own paths. */
function compileGenericAgainstConstant(op: ScalarCompareOp, read: RowFn, c: unknown, constantOnRight: boolean): Compiled | undefined {
  const oneNull = resultWhenOneSideNull(op);
  if (typeof c === 'string' && (op === 'eq' || op === 'notEq')) {
    // Equal only to that string, or to the same number when the constant is numeric.
    const number = numericValue(c);
    const equal = Number.isNaN(number)
      ? (value: unknown): boolean => value === c
      : (value: unknown): boolean => value === c || value === number || (typeof value === 'string' && numericValue(value) === number);
    return compiled(op === 'eq' ? (input) => equal(read(input)) : (input) => !equal(read(input)), TYPES.condition);
  }
  if (typeof c === 'number') {
    const prim = PRIMITIVE[op];
    return compiled((input) => {
      const value = read(input);
      if (typeof value === 'number') return constantOnRight ? prim(value, c) : prim(c, value);
      if (value === null) return oneNull;
      return fromSign(op, constantOnRight ? compareValues(value, c) : compareValues(c, value));
    }, TYPES.condition);
  }
  return undefined;
}

function compileScalarCompare(op: ScalarCompareOp, leftIn: Compiled, rightIn: Compiled): Compiled {
  // `x = NULL` / `x IS NULL` compile to a null test, as in PostHog.
  const leftNullConst = leftIn.isConst && leftIn.value === null;
  const rightNullConst = rightIn.isConst && rightIn.value === null;
  if (leftNullConst || rightNullConst) {
    if (leftNullConst && rightNullConst) return constantOf(resultWhenBothNull(op), TYPES.condition);
    if (op !== 'eq' && op !== 'notEq') return constantOf(false, TYPES.condition);
    const read = (leftNullConst ? rightIn : leftIn).fn;
    return compiled(op === 'eq' ? (input) => read(input) === null : (input) => read(input) !== null, TYPES.condition);
  }

  let left = leftIn;
  let right = rightIn;
  let domain: Domain;
  if (left.type.kind === 'datetime' || right.type.kind === 'datetime') {
    left = asDateTime(left);
    right = asDateTime(right);
    domain = 'number';
  } else if (isNumericKind(left.type) && isNumericKind(right.type)) {
    left = asNumber(left);
    right = asNumber(right);
    domain = 'number';
  } else if (isStringKind(left.type) && isStringKind(right.type)) {
    domain = 'string';
  } else {
    domain = 'generic';
  }

  const leftRead = left.fn;
  const rightRead = right.fn;
  const leftNullable = maybeNull(left.type);
  const rightNullable = maybeNull(right.type);
  const oneNull = resultWhenOneSideNull(op);
  const bothNull = resultWhenBothNull(op);

  if (domain === 'generic') {
    const special =
      right.isConst && right.value !== null
        ? compileGenericAgainstConstant(op, leftRead, right.value, true)
        : left.isConst && left.value !== null
          ? compileGenericAgainstConstant(op, rightRead, left.value, false)
          : undefined;
    if (special !== undefined) return special;
    return compiled((input) => {
      const a = leftRead(input);
      const b = rightRead(input);
      if (a === null || b === null) return a === b ? bothNull : oneNull;
      return fromSign(op, compareValues(a, b));
    }, TYPES.condition);
  }

  if (!leftNullable && right.isConst) return compiled(primitiveAgainstConstant(op, leftRead, right.value, true), TYPES.condition);
  if (!rightNullable && left.isConst) return compiled(primitiveAgainstConstant(op, rightRead, left.value, false), TYPES.condition);
  if (!leftNullable && !rightNullable) return compiled(primitiveBoth(op, leftRead, rightRead), TYPES.condition);
  const prim = PRIMITIVE[op];
  return compiled((input) => {
    const a = leftRead(input);
    const b = rightRead(input);
    if (a === null || b === null) return a === b ? bothNull : oneNull;
    return prim(a, b);
  }, TYPES.condition);
}

/**
 * A membership test over constant values, coerced once to the probe's domain so the per-row work
 * is a Set lookup. Dynamic probes may be numbers or numeric strings, so both spellings are kept.
 */
export function membershipTester(values: readonly unknown[], probe: SqlType): (value: unknown) => boolean {
  const set = new Set<unknown>();
  for (const value of values) {
    if (probe.kind === 'datetime') {
      const ms = typeof value === 'string' ? parseDateTime(value) : typeof value === 'number' ? value * 1000 : null;
      if (ms !== null) set.add(ms);
    } else if (probe.kind === 'int' || probe.kind === 'float' || probe.kind === 'bool') {
      const n = toNumberOrNull(value);
      set.add(n === null ? value : n);
    } else {
      set.add(value);
      if (probe.kind === 'dynamic' && typeof value === 'string' && !Number.isNaN(numericValue(value))) set.add(numericValue(value));
      if (probe.kind === 'dynamic' && typeof value === 'number') set.add(String(value));
    }
  }
  if (probe.kind === 'bool') return (value) => set.has(value === null ? null : value ? 1 : 0);
  return (value) => set.has(value);
}

function compileIn(left: Compiled, right: Compiled, negated: boolean): Compiled {
  const read = left.fn;
  if (right.isConst) {
    const values = (Array.isArray(right.value) ? right.value : [right.value]).filter((value) => value !== null);
    const test = membershipTester(values, left.type);
    return compiled(
      negated
        ? (input) => {
            const value = read(input);
            return value !== null && !test(value);
          }
        : (input) => {
            const value = read(input);
            return value !== null && test(value);
          },
      TYPES.condition,
    );
  }
  const readList = right.fn;
  return compiled((input) => {
    const value = read(input);
    const list = readList(input);
    if (value === null || list === null) return false;
    const items = Array.isArray(list) ? list : [list];
    const found = items.some((item) => item !== null && compareValues(value, item) === 0);
    return negated ? !found : found;
  }, TYPES.condition);
}

/** ClickHouse LIKE: `%` any run, `_` one character, backslash escapes the next character. */
export function likePatternToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '%') {
      source += '[\\s\\S]*';
    } else if (c === '_') {
      source += '[\\s\\S]';
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'iu' : 'u');
}

function compileLike(left: Compiled, right: Compiled, caseInsensitive: boolean, negated: boolean): Compiled {
  const read = left.fn;
  const type = left.type;
  const asText = (value: unknown): string => (typeof value === 'string' ? value : valueToString(value, type)!);
  if (right.isConst) {
    if (right.value === null) return constantOf(negated, TYPES.condition);
    const regex = likePatternToRegExp(String(right.value), caseInsensitive);
    return compiled((input) => {
      const value = read(input);
      if (value === null) return negated;
      return regex.test(asText(value)) !== negated;
    }, TYPES.condition);
  }
  const readPattern = right.fn;
  const cache = new Map<string, RegExp>();
  return compiled((input) => {
    const value = read(input);
    const pattern = readPattern(input);
    if (value === null || pattern === null) return negated;
    const key = String(pattern);
    let regex = cache.get(key);
    if (regex === undefined) {
      regex = likePatternToRegExp(key, caseInsensitive);
      cache.set(key, regex);
    }
    return regex.test(asText(value)) !== negated;
  }, TYPES.condition);
}

export function compileCompare(op: CompareOp, left: Compiled, right: Compiled): Compiled {
  switch (op) {
    case 'in':
    case 'notIn':
      return compileIn(left, right, op === 'notIn');
    case 'like':
    case 'notLike':
      return compileLike(left, right, false, op === 'notLike');
    case 'ilike':
    case 'notILike':
      return compileLike(left, right, true, op === 'notILike');
    default:
      return compileScalarCompare(op, left, right);
  }
}

/** Reads an operand as a three-valued condition (true / false / null). */
export function conditionReader(operand: Compiled): RowFn {
  if (operand.type.kind === 'bool') return operand.fn;
  const read = operand.fn;
  return (input) => toCondition(read(input));
}

function isStrictCondition(operand: Compiled): boolean {
  return operand.type.kind === 'bool' && !maybeNull(operand.type);
}

export function compileAnd(operands: readonly Compiled[]): Compiled {
  const readers = operands.map(conditionReader);
  if (operands.every(isStrictCondition)) {
    const [a, b, c] = readers;
    if (readers.length === 2) return compiled((input) => a!(input) === true && b!(input) === true, TYPES.condition);
    if (readers.length === 3) {
      return compiled((input) => a!(input) === true && b!(input) === true && c!(input) === true, TYPES.condition);
    }
    return compiled((input) => {
      for (const read of readers) if (read(input) !== true) return false;
      return true;
    }, TYPES.condition);
  }
  // Kleene logic: any false wins, otherwise any NULL makes the result NULL.
  return compiled((input) => {
    let unknown = false;
    for (const read of readers) {
      const value = read(input);
      if (value === false) return false;
      if (value === null) unknown = true;
    }
    return unknown ? null : true;
  }, withNullable(TYPES.condition, true));
}

export function compileOr(operands: readonly Compiled[]): Compiled {
  const readers = operands.map(conditionReader);
  if (operands.every(isStrictCondition)) {
    const [a, b] = readers;
    if (readers.length === 2) return compiled((input) => a!(input) === true || b!(input) === true, TYPES.condition);
    return compiled((input) => {
      for (const read of readers) if (read(input) === true) return true;
      return false;
    }, TYPES.condition);
  }
  return compiled((input) => {
    let unknown = false;
    for (const read of readers) {
      const value = read(input);
      if (value === true) return true;
      if (value === null) unknown = true;
    }
    return unknown ? null : false;
  }, withNullable(TYPES.condition, true));
}

export function compileNot(operand: Compiled): Compiled {
  const read = conditionReader(operand);
  if (isStrictCondition(operand)) return compiled((input) => read(input) !== true, TYPES.condition);
  return compiled((input) => {
    const value = read(input);
    return value === null ? null : !value;
  }, withNullable(TYPES.condition, true));
}

const ARITHMETIC_NAMES: Record<ArithmeticOp, string> = { add: 'plus', sub: 'minus', mul: 'multiply', div: 'divide', mod: 'modulo' };

function numericReader(operand: Compiled): RowFn {
  const read = operand.fn;
  if (operand.type.kind === 'int' || operand.type.kind === 'float') return read;
  return (input) => toNumberOrNull(read(input));
}

function arithmeticResultType(op: ArithmeticOp, left: SqlType, right: SqlType): SqlType {
  const nullable = maybeNull(left) || maybeNull(right);
  const integral = (t: SqlType): boolean => t.kind === 'int' || t.kind === 'bool';
  const base = op !== 'div' && integral(left) && integral(right) ? TYPES.int64 : TYPES.float64;
  return withNullable(base, nullable);
}

function compileDateTimeArithmetic(op: ArithmeticOp, left: Compiled, right: Compiled): Compiled {
  const name = ARITHMETIC_NAMES[op];
  const dateTimeOnLeft = left.type.kind === 'datetime';
  const dateTime = dateTimeOnLeft ? left : right;
  const other = dateTimeOnLeft ? right : left;
  if ((op !== 'add' && op !== 'sub') || (op === 'sub' && !dateTimeOnLeft) || other.type.kind === 'datetime') {
    throw new HogQLError(`Illegal types ${left.type.ch} and ${right.type.ch} of arguments of function ${name}`);
  }
  const direction = op === 'sub' ? -1 : 1;
  const readDateTime = dateTime.fn;
  const type = withNullable(dateTime.type, maybeNull(dateTime.type) || maybeNull(other.type));
  if (other.type.kind === 'interval') {
    const unit = other.type.unit!;
    const readAmount = other.fn;
    return compiled((input) => {
      const ms = readDateTime(input);
      const amount = readAmount(input);
      if (ms === null || amount === null) return null;
      return addInterval(ms as number, unit, direction * (amount as number));
    }, type);
  }
  if (!isNumericKind(other.type) && other.type.kind !== 'dynamic') {
    throw new HogQLError(`Illegal types ${left.type.ch} and ${right.type.ch} of arguments of function ${name}`);
  }
  // ClickHouse adds plain numbers to a DateTime as seconds.
  const readSeconds = numericReader(other);
  return compiled((input) => {
    const ms = readDateTime(input);
    const seconds = readSeconds(input);
    if (ms === null || seconds === null) return null;
    return (ms as number) + direction * (seconds as number) * 1000;
  }, type);
}

export function compileArithmetic(op: ArithmeticOp, left: Compiled, right: Compiled): Compiled {
  if (left.type.kind === 'datetime' || right.type.kind === 'datetime') return compileDateTimeArithmetic(op, left, right);
  const invalid = (t: SqlType): boolean => isStringKind(t) || t.kind === 'array' || t.kind === 'interval';
  if (invalid(left.type) || invalid(right.type)) {
    throw new HogQLError(`Illegal types ${left.type.ch} and ${right.type.ch} of arguments of function ${ARITHMETIC_NAMES[op]}`);
  }
  const type = arithmeticResultType(op, left.type, right.type);
  const a = numericReader(left);
  const b = numericReader(right);
  if (!maybeNull(left.type) && !maybeNull(right.type) && left.type.kind !== 'bool' && right.type.kind !== 'bool') {
    switch (op) {
      case 'add':
        return compiled((input) => (a(input) as number) + (b(input) as number), type);
      case 'sub':
        return compiled((input) => (a(input) as number) - (b(input) as number), type);
      case 'mul':
        return compiled((input) => (a(input) as number) * (b(input) as number), type);
      case 'div':
        return compiled((input) => (a(input) as number) / (b(input) as number), type);
      case 'mod':
        return compiled((input) => (a(input) as number) % (b(input) as number), type);
    }
  }
  const apply: (x: number, y: number) => number =
    op === 'add' ? (x, y) => x + y : op === 'sub' ? (x, y) => x - y : op === 'mul' ? (x, y) => x * y : op === 'div' ? (x, y) => x / y : (x, y) => x % y;
  return compiled((input) => {
    const x = a(input);
    const y = b(input);
    return x === null || y === null ? null : apply(x as number, y as number);
  }, type);
}
