import { HogQLError, unsupportedConstruct } from './hogql.errors.js';

export type TokenKind =
  /** Bare identifier or keyword; `upper` holds the keyword spelling. May start with `$` like in HogQL. */
  | 'ident'
  /** Back-tick or double-quoted identifier; never a keyword. */
  | 'quoted'
  | 'string'
  | 'number'
  | 'placeholder'
  | 'op'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Decoded text: identifier name, string contents, operator, placeholder name or number source. */
  readonly text: string;
  /** Upper-cased `text` for `ident` tokens, so keyword checks are case-insensitive. */
  readonly upper: string;
  /** Parsed value of a `number` token. */
  readonly value: number;
  /** `number` tokens written with a fraction or exponent are Float64 in ClickHouse, the rest integers. */
  readonly isFloat: boolean;
  readonly line: number;
  readonly column: number;
}

/**
 * Words that end an expression or start a clause. They cannot be used as implicit aliases or bare
 * column names; back-tick them to use them as identifiers.
 */
export const RESERVED_KEYWORDS: ReadonlySet<string> = new Set([
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'UNION', 'INTERSECT', 'EXCEPT',
  'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'OUTER', 'ARRAY', 'GLOBAL', 'ASOF', 'SEMI', 'ANTI', 'PASTE',
  'ON', 'USING', 'AS', 'AND', 'OR', 'NOT', 'IN', 'IS', 'LIKE', 'ILIKE', 'BETWEEN', 'ASC', 'DESC', 'ASCENDING',
  'DESCENDING', 'WITH', 'WINDOW', 'PREWHERE', 'SAMPLE', 'FINAL', 'SETTINGS', 'FORMAT', 'INTO', 'QUALIFY', 'CASE',
  'WHEN', 'THEN', 'ELSE', 'END', 'NULLS', 'BY', 'DISTINCT', 'INTERVAL', 'OVER', 'COLLATE', 'FETCH', 'TOP',
]);

// Longest first: the scanner takes the first operator that matches at the cursor.
const OPERATORS = [
  '=~*', '!~*', '=~', '!~', '->', '::', '?.', '??', '<=', '>=', '<>', '!=', '==', '||',
  '=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', ',', '.', ';', '?', ':',
];

const STRING_ESCAPES: Record<string, string> = {
  b: '\b', f: '\f', r: '\r', n: '\n', t: '\t', '0': '\0', a: '\x07', v: '\v', '\\': '\\', "'": "'", '"': '"', '`': '`',
};

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * Splits HogQL source into tokens. Placeholders `{name}` are recognised here so the parser can
 * substitute them as constants: a value is never turned back into source text, which is what keeps
 * `values` injection-proof.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;

  const syntaxError = (message: string, at = pos): HogQLError =>
    new HogQLError(`Syntax error at line ${line}, column ${at - lineStart + 1}: ${message}`);

  const push = (kind: TokenKind, text: string, start: number, value = 0, isFloat = false): void => {
    tokens.push({
      kind,
      text,
      upper: kind === 'ident' ? text.toUpperCase() : '',
      value,
      isFloat,
      line,
      column: start - lineStart + 1,
    });
  };

  const readQuoted = (quote: string, what: string): string => {
    const start = pos;
    pos++;
    let out = '';
    for (;;) {
      if (pos >= source.length) throw syntaxError(`unterminated ${what}`, start);
      const c = source[pos]!;
      if (c === '\\') {
        const next = source[pos + 1];
        if (next === undefined) throw syntaxError(`unterminated ${what}`, start);
        if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(source.slice(pos + 2, pos + 4))) {
          out += String.fromCharCode(parseInt(source.slice(pos + 2, pos + 4), 16));
          pos += 4;
          continue;
        }
        // ClickHouse keeps the character after an unknown escape, dropping the backslash.
        out += STRING_ESCAPES[next] ?? next;
        pos += 2;
        continue;
      }
      if (c === quote) {
        if (source[pos + 1] === quote) {
          out += quote;
          pos += 2;
          continue;
        }
        pos++;
        return out;
      }
      if (c === '\n') {
        line++;
        lineStart = pos + 1;
      }
      out += c;
      pos++;
    }
  };

  while (pos < source.length) {
    const c = source[pos]!;
    if (c === '\n') {
      pos++;
      line++;
      lineStart = pos;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      pos++;
      continue;
    }
    if ((c === '-' && source[pos + 1] === '-') || c === '#') {
      while (pos < source.length && source[pos] !== '\n') pos++;
      continue;
    }
    if (c === '/' && source[pos + 1] === '*') {
      const end = source.indexOf('*/', pos + 2);
      if (end < 0) throw syntaxError('unterminated comment');
      for (let i = pos; i < end; i++) {
        if (source[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      pos = end + 2;
      continue;
    }
    const start = pos;
    if (isIdentStart(c)) {
      while (pos < source.length && isIdentPart(source[pos]!)) pos++;
      push('ident', source.slice(start, pos), start);
      continue;
    }
    if (isDigit(c)) {
      let isFloat = false;
      if (c === '0' && (source[pos + 1] === 'x' || source[pos + 1] === 'X')) {
        pos += 2;
        while (pos < source.length && /[0-9a-fA-F]/.test(source[pos]!)) pos++;
      } else {
        while (pos < source.length && isDigit(source[pos]!)) pos++;
        if (source[pos] === '.' && !isIdentStart(source[pos + 1] ?? '')) {
          isFloat = true;
          pos++;
          while (pos < source.length && isDigit(source[pos]!)) pos++;
        }
        if ((source[pos] === 'e' || source[pos] === 'E') && /^[eE][+-]?\d/.test(source.slice(pos, pos + 3))) {
          isFloat = true;
          pos += source[pos + 1] === '+' || source[pos + 1] === '-' ? 2 : 1;
          while (pos < source.length && isDigit(source[pos]!)) pos++;
        }
      }
      if (pos < source.length && isIdentPart(source[pos]!)) throw syntaxError(`invalid number '${source.slice(start, pos + 1)}'`, start);
      const text = source.slice(start, pos);
      push('number', text, start, Number(text), isFloat);
      continue;
    }
    if (c === "'") {
      const startLine = line;
      const startCol = start - lineStart + 1;
      const text = readQuoted("'", 'string literal');
      tokens.push({ kind: 'string', text, upper: '', value: 0, isFloat: false, line: startLine, column: startCol });
      continue;
    }
    if (c === '`' || c === '"') {
      const startLine = line;
      const startCol = start - lineStart + 1;
      const text = readQuoted(c, 'quoted identifier');
      tokens.push({ kind: 'quoted', text, upper: '', value: 0, isFloat: false, line: startLine, column: startCol });
      continue;
    }
    if (c === '{') {
      const match = /^\{\s*([A-Za-z_$][A-Za-z0-9_$]*)\s*\}/.exec(source.slice(pos, pos + 200));
      if (!match) throw unsupportedConstruct('placeholder expressions (only `{name}` placeholders are supported)');
      push('placeholder', match[1]!, start);
      pos += match[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, pos));
    if (op === undefined) throw syntaxError(`unexpected character '${c}'`);
    push('op', op, start);
    pos += op.length;
  }
  push('eof', '', pos);
  return tokens;
}
