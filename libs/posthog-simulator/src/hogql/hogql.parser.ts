import type {
  ArithmeticOp,
  CompareOp,
  Expr,
  OrderItem,
  SelectItem,
  SelectQuery,
  TableRef,
} from './hogql.ast.js';
import { HogQLError, OFFSET_NOT_ALLOWED_MESSAGE, unsupportedConstruct } from './hogql.errors.js';
import { RESERVED_KEYWORDS, tokenize, type Token } from './hogql.tokenizer.js';

/** PostHog's RESERVED_KEYWORDS (`posthog/hogql/constants.py`): valid SQL, but refused as aliases. */
const RESERVED_ALIASES = new Set(['true', 'false', 'null', 'team_id']);

const JOIN_WORDS = new Set(['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'OUTER', 'GLOBAL', 'ASOF', 'SEMI', 'ANTI', 'PASTE', 'ANY', 'ALL']);

const NON_SELECT_STATEMENTS = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'DROP', 'ALTER', 'CREATE', 'TRUNCATE', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'SET',
  'OPTIMIZE', 'SYSTEM', 'GRANT', 'REVOKE', 'RENAME', 'ATTACH', 'DETACH', 'KILL', 'USE', 'EXISTS', 'CHECK',
]);

// Maps, not object literals: a name like `toString` must not hit Object.prototype.
const COMPARE_OPERATORS = new Map<string, CompareOp>([
  ['=', 'eq'], ['==', 'eq'], ['!=', 'notEq'], ['<>', 'notEq'], ['<', 'lt'], ['<=', 'ltEq'], ['>', 'gt'], ['>=', 'gtEq'],
]);

/** The function spellings HogQL prints operators as; parsing them back keeps `print(parse(q))` round-trippable. */
const COMPARE_FUNCTIONS = new Map<string, CompareOp>([
  ['equals', 'eq'], ['notEquals', 'notEq'], ['less', 'lt'], ['lessOrEquals', 'ltEq'], ['greater', 'gt'], ['greaterOrEquals', 'gtEq'],
  ['in', 'in'], ['notIn', 'notIn'], ['like', 'like'], ['notLike', 'notLike'], ['ilike', 'ilike'], ['notILike', 'notILike'],
]);

const ARITHMETIC_FUNCTIONS = new Map<string, ArithmeticOp>([
  ['plus', 'add'], ['minus', 'sub'], ['multiply', 'mul'], ['divide', 'div'], ['modulo', 'mod'],
]);

const INTERVAL_UNITS = new Map<string, string>([
  ['SECOND', 'toIntervalSecond'], ['MINUTE', 'toIntervalMinute'], ['HOUR', 'toIntervalHour'], ['DAY', 'toIntervalDay'],
  ['WEEK', 'toIntervalWeek'], ['MONTH', 'toIntervalMonth'], ['QUARTER', 'toIntervalQuarter'], ['YEAR', 'toIntervalYear'],
]);

/**
 * Parses one HogQL SELECT over the supported subset into an AST, substituting `{placeholders}`
 * from `values` as constants (strings, numbers, booleans, null; arrays become array literals).
 * Throws {@link HogQLError} for syntax errors, unknown placeholders, OFFSET and unsupported constructs.
 */
export function parseHogQL(query: string, values?: Record<string, unknown>): SelectQuery {
  return new Parser(tokenize(query), values).parseStatement();
}

/** Parses a lone expression (no SELECT); used by tests and by anything that needs HogQL snippets. */
export function parseHogQLExpr(expression: string, values?: Record<string, unknown>): Expr {
  const parser = new Parser(tokenize(expression), values);
  const expr = parser.parseExpr();
  parser.expectEnd();
  return expr;
}

function valueToExpr(name: string, value: unknown): Expr {
  if (value === null) return { kind: 'Constant', value: null };
  if (typeof value === 'string' || typeof value === 'boolean') return { kind: 'Constant', value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new HogQLError(`Placeholder {${name}} must be a finite number, got ${value}`);
    return Number.isInteger(value) ? { kind: 'Constant', value } : { kind: 'Constant', value, isFloat: true };
  }
  if (Array.isArray(value)) return { kind: 'Array', items: value.map((item) => valueToExpr(name, item)) };
  throw new HogQLError(`Unsupported value for placeholder {${name}}: expected a string, number, boolean, null or array`);
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly values: Record<string, unknown> | undefined,
  ) {}

  parseStatement(): SelectQuery {
    const first = this.peek();
    if (this.isKeyword(first, 'WITH')) throw unsupportedConstruct('WITH (common table expressions)');
    if (first.kind === 'ident' && NON_SELECT_STATEMENTS.has(first.upper)) {
      throw unsupportedConstruct(`${first.upper} statements (only SELECT is supported)`);
    }
    if (first.kind === 'op' && first.text === '(') throw unsupportedConstruct('subqueries');
    const query = this.parseSelect();
    const next = this.peek();
    if (next.kind === 'ident' && (next.upper === 'UNION' || next.upper === 'INTERSECT' || next.upper === 'EXCEPT')) {
      throw unsupportedConstruct(next.upper);
    }
    // HogQL's grammar allows one trailing semicolon; anything after it is a second statement.
    if (this.isOp(next, ';')) {
      this.index++;
      if (this.peek().kind !== 'eof') throw unsupportedConstruct('multiple statements (;)');
    }
    this.expectEnd();
    return query;
  }

  parseExpr(): Expr {
    return this.parseOr();
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'eof') throw this.unexpected(token);
  }

  // ---- SELECT ---------------------------------------------------------------------------------

  private parseSelect(): SelectQuery {
    this.expectKeyword('SELECT');
    if (this.isKeyword(this.peek(), 'DISTINCT')) throw unsupportedConstruct('SELECT DISTINCT');
    if (this.isKeyword(this.peek(), 'TOP')) throw unsupportedConstruct('SELECT TOP');
    const select: SelectItem[] = [this.parseSelectItem()];
    while (this.acceptOp(',')) select.push(this.parseSelectItem());

    let from: TableRef | undefined;
    if (this.acceptKeyword('FROM')) from = this.parseFrom();

    let where: Expr | undefined;
    let groupBy: Expr[] | undefined;
    let having: Expr | undefined;
    let orderBy: OrderItem[] | undefined;
    let limit: number | undefined;

    if (this.isKeyword(this.peek(), 'PREWHERE')) throw unsupportedConstruct('PREWHERE');
    if (this.acceptKeyword('WHERE')) where = this.parseExpr();
    if (this.acceptKeyword('GROUP')) {
      this.expectKeyword('BY');
      groupBy = this.parseExprList();
      if (this.isKeyword(this.peek(), 'WITH')) throw unsupportedConstruct(`GROUP BY ... WITH ${this.peek(1).upper || '...'}`);
    }
    if (this.acceptKeyword('HAVING')) having = this.parseExpr();
    if (this.isKeyword(this.peek(), 'WINDOW')) throw unsupportedConstruct('WINDOW (window functions)');
    if (this.isKeyword(this.peek(), 'QUALIFY')) throw unsupportedConstruct('QUALIFY');
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY');
      orderBy = [this.parseOrderItem()];
      while (this.acceptOp(',')) orderBy.push(this.parseOrderItem());
    }
    if (this.acceptKeyword('LIMIT')) {
      limit = this.parseLimitValue();
      if (this.isOp(this.peek(), ',')) throw new HogQLError(OFFSET_NOT_ALLOWED_MESSAGE);
      if (this.isKeyword(this.peek(), 'BY')) throw unsupportedConstruct('LIMIT BY');
      if (this.isKeyword(this.peek(), 'WITH')) throw unsupportedConstruct('LIMIT WITH TIES');
    }
    if (this.isKeyword(this.peek(), 'OFFSET')) throw new HogQLError(OFFSET_NOT_ALLOWED_MESSAGE);
    if (this.isKeyword(this.peek(), 'SETTINGS')) throw unsupportedConstruct('SETTINGS');
    if (this.isKeyword(this.peek(), 'FORMAT')) throw unsupportedConstruct('FORMAT');
    if (this.isKeyword(this.peek(), 'INTO')) throw unsupportedConstruct('INTO OUTFILE');

    return {
      kind: 'SelectQuery',
      select,
      ...(from && { from }),
      ...(where && { where }),
      ...(groupBy && { groupBy }),
      ...(having && { having }),
      ...(orderBy && { orderBy }),
      ...(limit !== undefined && { limit }),
    };
  }

  private parseSelectItem(): SelectItem {
    const token = this.peek();
    if (this.isOp(token, '*')) throw unsupportedConstruct('SELECT *');
    const expr = this.parseExpr();
    const alias = this.parseOptionalAlias();
    return alias === undefined ? { expr } : { expr, alias };
  }

  private parseOptionalAlias(): string | undefined {
    let alias: string | undefined;
    if (this.acceptKeyword('AS')) {
      const token = this.next();
      if (token.kind !== 'ident' && token.kind !== 'quoted' && token.kind !== 'string') throw this.unexpected(token);
      alias = token.text;
    } else {
      const token = this.peek();
      if ((token.kind === 'ident' && !RESERVED_KEYWORDS.has(token.upper)) || token.kind === 'quoted') {
        this.index++;
        alias = token.text;
      }
    }
    if (alias !== undefined) {
      if (alias === '') throw new HogQLError('Alias cannot be empty');
      if (RESERVED_ALIASES.has(alias.toLowerCase())) {
        throw new HogQLError(`"${alias}" cannot be an alias or identifier, as it's a reserved keyword`);
      }
    }
    return alias;
  }

  private parseFrom(): TableRef {
    const token = this.next();
    if (this.isOp(token, '(')) {
      if (this.isKeyword(this.peek(), 'SELECT') || this.isKeyword(this.peek(), 'WITH')) throw unsupportedConstruct('subqueries');
      throw this.unexpected(token);
    }
    if (token.kind !== 'ident' && token.kind !== 'quoted') throw this.unexpected(token);
    if (token.kind === 'ident' && RESERVED_KEYWORDS.has(token.upper)) throw this.unexpected(token);
    let table = token.text;
    while (this.acceptOp('.')) {
      const part = this.next();
      if (part.kind !== 'ident' && part.kind !== 'quoted') throw this.unexpected(part);
      table += `.${part.text}`;
    }
    if (this.isOp(this.peek(), '(')) throw unsupportedConstruct(`table functions (${table}(...))`);
    const alias = this.parseOptionalAlias();
    const next = this.peek();
    if (this.isKeyword(next, 'FINAL')) throw unsupportedConstruct('FINAL');
    if (this.isKeyword(next, 'SAMPLE')) throw unsupportedConstruct('SAMPLE');
    if (this.isKeyword(next, 'ARRAY')) throw unsupportedConstruct('ARRAY JOIN');
    if (this.isOp(next, ',') || (next.kind === 'ident' && JOIN_WORDS.has(next.upper))) throw unsupportedConstruct('JOIN');
    return alias === undefined ? { table } : { table, alias };
  }

  private parseOrderItem(): OrderItem {
    const expr = this.parseExpr();
    let order: 'ASC' | 'DESC' = 'ASC';
    const token = this.peek();
    if (token.kind === 'ident' && (token.upper === 'ASC' || token.upper === 'ASCENDING')) this.index++;
    else if (token.kind === 'ident' && (token.upper === 'DESC' || token.upper === 'DESCENDING')) {
      this.index++;
      order = 'DESC';
    }
    let nulls: 'FIRST' | 'LAST' | undefined;
    if (this.acceptKeyword('NULLS')) {
      const which = this.next();
      if (which.kind !== 'ident' || (which.upper !== 'FIRST' && which.upper !== 'LAST')) throw this.unexpected(which);
      nulls = which.upper;
    }
    if (this.isKeyword(this.peek(), 'COLLATE')) throw unsupportedConstruct('COLLATE');
    if (this.isKeyword(this.peek(), 'WITH')) throw unsupportedConstruct('ORDER BY ... WITH FILL');
    return nulls === undefined ? { expr, order } : { expr, order, nulls };
  }

  private parseLimitValue(): number {
    const expr = this.parseAdditive();
    if (expr.kind === 'Constant' && typeof expr.value === 'number' && Number.isInteger(expr.value) && expr.value >= 0) {
      return expr.value;
    }
    throw new HogQLError('LIMIT must be a non-negative integer constant');
  }

  private parseExprList(): Expr[] {
    const list = [this.parseExpr()];
    while (this.acceptOp(',')) list.push(this.parseExpr());
    return list;
  }

  // ---- expressions, lowest precedence first ---------------------------------------------------

  private parseOr(): Expr {
    const first = this.parseAnd();
    if (!this.isKeyword(this.peek(), 'OR')) return first;
    const exprs = [first];
    while (this.acceptKeyword('OR')) exprs.push(this.parseAnd());
    return { kind: 'Or', exprs };
  }

  private parseAnd(): Expr {
    const first = this.parseNot();
    if (!this.isKeyword(this.peek(), 'AND')) return first;
    const exprs = [first];
    while (this.acceptKeyword('AND')) exprs.push(this.parseNot());
    return { kind: 'And', exprs };
  }

  private parseNot(): Expr {
    const token = this.peek();
    if (this.isKeyword(token, 'NOT')) {
      this.index++;
      return { kind: 'Not', expr: this.parseNot() };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const token = this.peek();
    if (token.kind === 'op') {
      const op = COMPARE_OPERATORS.get(token.text);
      if (op !== undefined) {
        this.index++;
        return { kind: 'Compare', op, left, right: this.parseAdditive() };
      }
      if (token.text.includes('~')) throw unsupportedConstruct(`regular expression operator ${token.text}`);
      return left;
    }
    if (token.kind !== 'ident') return left;
    let negated = false;
    let word = token.upper;
    if (word === 'NOT') {
      const following = this.peek(1);
      if (following.kind !== 'ident' || !['IN', 'LIKE', 'ILIKE', 'BETWEEN'].includes(following.upper)) return left;
      negated = true;
      word = following.upper;
      this.index++;
    }
    switch (word) {
      case 'IS': {
        this.index++;
        const not = this.acceptKeyword('NOT');
        this.expectKeyword('NULL');
        return { kind: 'Compare', op: not ? 'notEq' : 'eq', left, right: { kind: 'Constant', value: null } };
      }
      case 'GLOBAL':
        throw unsupportedConstruct('GLOBAL IN');
      case 'IN': {
        this.index++;
        if (this.isKeyword(this.peek(), 'COHORT')) throw unsupportedConstruct('IN COHORT');
        return { kind: 'Compare', op: negated ? 'notIn' : 'in', left, right: this.parseAdditive() };
      }
      case 'LIKE':
      case 'ILIKE': {
        this.index++;
        const op: CompareOp = word === 'LIKE' ? (negated ? 'notLike' : 'like') : negated ? 'notILike' : 'ilike';
        return { kind: 'Compare', op, left, right: this.parseAdditive() };
      }
      case 'BETWEEN': {
        this.index++;
        const low = this.parseAdditive();
        this.expectKeyword('AND');
        const high = this.parseAdditive();
        // Desugared like ClickHouse does; NOT BETWEEN is the complement.
        return negated
          ? { kind: 'Or', exprs: [{ kind: 'Compare', op: 'lt', left, right: low }, { kind: 'Compare', op: 'gt', left, right: high }] }
          : { kind: 'And', exprs: [{ kind: 'Compare', op: 'gtEq', left, right: low }, { kind: 'Compare', op: 'ltEq', left, right: high }] };
      }
      default:
        return left;
    }
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    for (;;) {
      const token = this.peek();
      if (this.isOp(token, '+') || this.isOp(token, '-')) {
        this.index++;
        left = { kind: 'Arithmetic', op: token.text === '+' ? 'add' : 'sub', left, right: this.parseMultiplicative() };
      } else if (this.isOp(token, '||')) {
        this.index++;
        left = { kind: 'Call', name: 'concat', args: [left, this.parseMultiplicative()] };
      } else {
        return left;
      }
    }
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      const op = token.kind === 'op' ? ({ '*': 'mul', '/': 'div', '%': 'mod' } as const)[token.text as '*'] : undefined;
      if (op === undefined) return left;
      this.index++;
      left = { kind: 'Arithmetic', op, left, right: this.parseUnary() };
    }
  }

  private parseUnary(): Expr {
    if (this.acceptOp('-')) {
      const operand = this.parseUnary();
      if (operand.kind === 'Constant' && typeof operand.value === 'number') {
        return operand.isFloat ? { kind: 'Constant', value: -operand.value, isFloat: true } : { kind: 'Constant', value: -operand.value };
      }
      return { kind: 'Arithmetic', op: 'sub', left: { kind: 'Constant', value: 0 }, right: operand };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    const primary = this.parsePrimary();
    if (primary.kind !== 'Field') {
      const token = this.peek();
      if (this.isOp(token, '[') || this.isOp(token, '.')) {
        throw unsupportedConstruct('array/tuple element access');
      }
      return primary;
    }
    const chain = [...primary.chain];
    for (;;) {
      if (this.acceptOp('.')) {
        const part = this.next();
        if (part.kind === 'ident' || part.kind === 'quoted') chain.push(part.text);
        else if (part.kind === 'number' && !part.isFloat) chain.push(part.value);
        else if (this.isOp(part, '*')) throw unsupportedConstruct(`${chain.join('.')}.*`);
        else throw this.unexpected(part);
      } else if (this.acceptOp('[')) {
        const index = this.parseExpr();
        this.expectOp(']');
        if (index.kind !== 'Constant' || (typeof index.value !== 'string' && typeof index.value !== 'number')) {
          throw unsupportedConstruct('property access with a non-constant key');
        }
        chain.push(index.value);
      } else {
        return { kind: 'Field', chain };
      }
    }
  }

  private parsePrimary(): Expr {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return token.isFloat ? { kind: 'Constant', value: token.value, isFloat: true } : { kind: 'Constant', value: token.value };
      case 'string':
        return { kind: 'Constant', value: token.text };
      case 'placeholder':
        return this.placeholder(token.text);
      case 'quoted':
        return { kind: 'Field', chain: [token.text] };
      case 'op':
        return this.parseOpPrimary(token);
      case 'ident':
        return this.parseIdentPrimary(token);
      default:
        throw this.unexpected(token);
    }
  }

  private parseOpPrimary(token: Token): Expr {
    if (token.text === '[') {
      const items = this.isOp(this.peek(), ']') ? [] : this.parseExprList();
      this.expectOp(']');
      return { kind: 'Array', items };
    }
    if (token.text === '(') {
      if (this.isKeyword(this.peek(), 'SELECT') || this.isKeyword(this.peek(), 'WITH')) throw unsupportedConstruct('subqueries');
      const first = this.parseExpr();
      if (this.acceptOp(',')) {
        const items = [first, ...this.parseExprList()];
        this.expectOp(')');
        return { kind: 'Tuple', items };
      }
      this.expectOp(')');
      return first;
    }
    if (token.text === '*') throw unsupportedConstruct('*');
    throw this.unexpected(token);
  }

  private parseIdentPrimary(token: Token): Expr {
    const word = token.upper;
    if (word === 'NULL') return { kind: 'Constant', value: null };
    if (word === 'TRUE') return { kind: 'Constant', value: true };
    if (word === 'FALSE') return { kind: 'Constant', value: false };
    if (word === 'CASE') throw unsupportedConstruct('CASE');
    if (word === 'INTERVAL') return this.parseInterval();
    if (word === 'NOT') return { kind: 'Not', expr: this.parseNot() };
    if (this.isOp(this.peek(), '(')) return this.parseCall(token);
    if (RESERVED_KEYWORDS.has(word)) throw this.unexpected(token);
    return { kind: 'Field', chain: [token.text] };
  }

  private parseInterval(): Expr {
    const amount = this.parseUnary();
    if (amount.kind === 'Constant' && typeof amount.value === 'string') {
      // INTERVAL '30 day' form.
      const match = /^\s*(-?\d+)\s+([A-Za-z]+)\s*$/.exec(amount.value);
      const fn = match ? INTERVAL_UNITS.get(match[2]!.toUpperCase()) : undefined;
      if (!match || fn === undefined) throw new HogQLError(`Invalid interval '${amount.value}'`);
      return { kind: 'Call', name: fn, args: [{ kind: 'Constant', value: Number(match[1]) }] };
    }
    const unit = this.next();
    const fn = unit.kind === 'ident' ? INTERVAL_UNITS.get(unit.upper) : undefined;
    if (fn === undefined) {
      throw new HogQLError(`Unsupported INTERVAL unit '${unit.text}'; use SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER or YEAR`);
    }
    return { kind: 'Call', name: fn, args: [amount] };
  }

  private parseCall(nameToken: Token): Expr {
    const name = nameToken.text;
    this.expectOp('(');
    let distinct = false;
    let args: Expr[] = [];
    if (this.isOp(this.peek(), '*') && this.isOp(this.peek(1), ')')) {
      if (name.toLowerCase() !== 'count') throw unsupportedConstruct(`${name}(*)`);
      this.index++;
    } else if (!this.isOp(this.peek(), ')')) {
      if (this.acceptKeyword('DISTINCT')) distinct = true;
      args = this.parseExprList();
    }
    this.expectOp(')');
    if (this.isOp(this.peek(), '(')) throw unsupportedConstruct(`parametric function ${name}(...)(...)`);
    if (this.isKeyword(this.peek(), 'OVER')) throw unsupportedConstruct('window functions (OVER)');

    const lower = name.toLowerCase();
    const compareOp = COMPARE_FUNCTIONS.get(name);
    if (compareOp !== undefined) {
      this.expectArgCount(name, args, 2);
      return { kind: 'Compare', op: compareOp, left: args[0]!, right: args[1]! };
    }
    const arithmeticOp = ARITHMETIC_FUNCTIONS.get(name);
    if (arithmeticOp !== undefined) {
      this.expectArgCount(name, args, 2);
      return { kind: 'Arithmetic', op: arithmeticOp, left: args[0]!, right: args[1]! };
    }
    if (lower === 'and' || lower === 'or') {
      if (args.length < 2) throw new HogQLError(`Function '${name}' expects at least 2 arguments, found ${args.length}`);
      return { kind: lower === 'and' ? 'And' : 'Or', exprs: args };
    }
    if (lower === 'not') {
      this.expectArgCount(name, args, 1);
      return { kind: 'Not', expr: args[0]! };
    }
    if (name === 'tuple') return { kind: 'Tuple', items: args };
    return distinct ? { kind: 'Call', name, args, distinct } : { kind: 'Call', name, args };
  }

  private expectArgCount(name: string, args: readonly Expr[], count: number): void {
    if (args.length !== count) {
      throw new HogQLError(`Function '${name}' expects ${count} argument${count === 1 ? '' : 's'}, found ${args.length}`);
    }
  }

  private placeholder(name: string): Expr {
    const values = this.values;
    if (values === undefined || Object.keys(values).length === 0) throw new HogQLError(`Unresolved placeholder: {${name}}`);
    if (!Object.hasOwn(values, name) || values[name] === undefined) {
      throw new HogQLError(
        `Placeholder {${name}} is not available in this context. You can use the following: ${Object.keys(values).join(', ')}`,
      );
    }
    return valueToExpr(name, values[name]);
  }

  // ---- token helpers --------------------------------------------------------------------------

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isOp(token: Token, op: string): boolean {
    return token.kind === 'op' && token.text === op;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'ident' && token.upper === keyword;
  }

  private acceptOp(op: string): boolean {
    if (!this.isOp(this.peek(), op)) return false;
    this.index++;
    return true;
  }

  private acceptKeyword(keyword: string): boolean {
    if (!this.isKeyword(this.peek(), keyword)) return false;
    this.index++;
    return true;
  }

  private expectOp(op: string): void {
    const token = this.next();
    if (!this.isOp(token, op)) throw this.unexpected(token, `'${op}'`);
  }

  private expectKeyword(keyword: string): void {
    const token = this.next();
    if (!this.isKeyword(token, keyword)) throw this.unexpected(token, keyword);
  }

  /** Names the unsupported construct when the stray token is a known one, else reports a syntax error. */
  private unexpected(token: Token, expected?: string): HogQLError {
    if (token.kind === 'op') {
      const construct = new Map([
        ['->', 'lambda functions (->)'],
        ['::', 'type casts (::)'],
        ['?', 'ternary operator (? :)'],
        ['??', 'nullish coalescing (??)'],
        ['?.', 'nullish access (?.)'],
        [';', 'multiple statements (;)'],
      ]);
      const name = construct.get(token.text);
      if (name !== undefined) return unsupportedConstruct(name);
    }
    if (token.kind === 'ident') {
      if (JOIN_WORDS.has(token.upper) && token.upper !== 'ALL' && token.upper !== 'ANY') return unsupportedConstruct('JOIN');
      if (token.upper === 'UNION' || token.upper === 'INTERSECT' || token.upper === 'EXCEPT') return unsupportedConstruct(token.upper);
      if (token.upper === 'OVER') return unsupportedConstruct('window functions (OVER)');
      if (token.upper === 'OFFSET') return new HogQLError(OFFSET_NOT_ALLOWED_MESSAGE);
    }
    const found = token.kind === 'eof' ? 'end of input' : `'${token.text}'`;
    const want = expected === undefined ? '' : `, expected ${expected}`;
    return new HogQLError(`Syntax error at line ${token.line}, column ${token.column}: unexpected ${found}${want}`);
  }
}
