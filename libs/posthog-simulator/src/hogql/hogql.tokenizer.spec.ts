import { HogQLError } from './hogql.errors.js';
import { tokenize } from './hogql.tokenizer.js';

const kinds = (source: string): string[] => tokenize(source).map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  it('reads identifiers, $-identifiers, keywords and operators', () => {
    expect(kinds('SELECT properties.$survey_id FROM events WHERE a <= 1')).toEqual([
      'ident:SELECT', 'ident:properties', 'op:.', 'ident:$survey_id', 'ident:FROM', 'ident:events',
      'ident:WHERE', 'ident:a', 'op:<=', 'number:1', 'eof:',
    ]);
    expect(tokenize('select')[0]!.upper).toBe('SELECT');
  });

  it('decodes quoted identifiers and string escapes', () => {
    const [backtick, doubleQuoted, str, doubled] = tokenize("`$survey-id` \"a\\\"b\" 'it\\'s\\n\\x41\\\\' 'a''b'");
    expect(backtick).toMatchObject({ kind: 'quoted', text: '$survey-id' });
    expect(doubleQuoted).toMatchObject({ kind: 'quoted', text: 'a"b' });
    expect(str).toMatchObject({ kind: 'string', text: "it's\nA\\" });
    expect(doubled).toMatchObject({ kind: 'string', text: "a'b" });
  });

  it('distinguishes integers from floats', () => {
    const [a, b, c, d] = tokenize('42 4.5 1e3 0x1F');
    expect([a!.value, a!.isFloat]).toEqual([42, false]);
    expect([b!.value, b!.isFloat]).toEqual([4.5, true]);
    expect([c!.value, c!.isFloat]).toEqual([1000, true]);
    expect([d!.value, d!.isFloat]).toEqual([31, false]);
  });

  it('recognises placeholders and skips comments', () => {
    expect(kinds('{ cursor_ms } -- trailing\n/* block\ncomment */ + 1')).toEqual(['placeholder:cursor_ms', 'op:+', 'number:1', 'eof:']);
  });

  it('tracks line and column for error reporting', () => {
    const tokens = tokenize('SELECT\n  event');
    expect(tokens[1]).toMatchObject({ text: 'event', line: 2, column: 3 });
  });

  it('rejects malformed input with positioned syntax errors', () => {
    expect(() => tokenize("SELECT 'open")).toThrow(/Syntax error at line 1, column 8: unterminated string literal/);
    expect(() => tokenize('SELECT @x')).toThrow(/unexpected character '@'/);
    expect(() => tokenize('SELECT 12abc')).toThrow(HogQLError);
    expect(() => tokenize('SELECT {a + b}')).toThrow(/Unsupported HogQL construct: placeholder expressions/);
  });
});
