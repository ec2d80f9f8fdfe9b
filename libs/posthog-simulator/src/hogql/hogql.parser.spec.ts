import { HogQLError, OFFSET_NOT_ALLOWED_MESSAGE } from './hogql.errors.js';
import { parseHogQL, parseHogQLExpr } from './hogql.parser.js';
import { printExpr, printSelect } from './hogql.printer.js';
import { SURVEY_SYNC_QUERY } from './hogql.synthetic-events.js';
import { thrownBy } from '../../../../test/support/expect-error.js';

const SURVEY_SYNC_VALUES = {
  survey_ids: ['0191a5b2-7f00-0000-1234-56789abcdef0'],
  since_coarse: '2025-09-15 00:00:00',
  cursor_ms: 1758067200000,
  cursor_uuid: '',
  q0: 'q-0',
  q1: 'q-1',
  q2: 'q-2',
};

const expr = (source: string, values?: Record<string, unknown>): string => printExpr(parseHogQLExpr(source, values));

const errorOf = (fn: () => unknown): HogQLError => thrownBy(HogQLError, fn);

describe('parseHogQL + print', () => {
  it('prints in PostHog HogQL style (operators as functions)', () => {
    const query = parseHogQL("select event, count() as n from events where event = 'a' and timestamp >= now() - interval 7 day group by event order by n desc limit 5");
    expect(printSelect(query)).toBe(
      "SELECT event, count() AS n FROM events WHERE and(equals(event, 'a'), greaterOrEquals(timestamp, minus(now(), toIntervalDay(7)))) GROUP BY event ORDER BY n DESC LIMIT 5",
    );
  });

  it.each([
    ['a OR b AND c', 'or(a, and(b, c))'],
    ['NOT a = b', 'not(equals(a, b))'],
    ['1 + 2 * 3 - 4 / 2 % 3', 'minus(plus(1, multiply(2, 3)), modulo(divide(4, 2), 3))'],
    ['(1 + 2) * 3', 'multiply(plus(1, 2), 3)'],
    ['-x', 'minus(0, x)'],
    ['-5', '-5'],
    ['x IS NULL', 'equals(x, NULL)'],
    ['x IS NOT NULL', 'notEquals(x, NULL)'],
    ['x <> 1 AND y != 2 AND z == 3', 'and(notEquals(x, 1), notEquals(y, 2), equals(z, 3))'],
    ["event NOT IN ('a', 'b')", "notIn(event, tuple('a', 'b'))"],
    ["event IN ['a']", "in(event, ['a'])"],
    ['x BETWEEN 1 AND 3', 'and(greaterOrEquals(x, 1), lessOrEquals(x, 3))'],
    ['x NOT BETWEEN 1 AND 3', 'or(less(x, 1), greater(x, 3))'],
    ["x NOT ILIKE '%a_'", "notILike(x, '%a_')"],
    ["INTERVAL '2 hour'", 'toIntervalHour(2)'],
    ['properties.$browser', 'properties.$browser'],
    ['properties.`$survey-id`', 'properties.`$survey-id`'],
    ["properties['$browser']", 'properties.$browser'],
    ['events.properties.a.b', 'events.properties.a.b'],
    ['count(*)', 'count()'],
    ['count(DISTINCT distinct_id)', 'count(DISTINCT distinct_id)'],
    ["'it''s' || 'x'", "concat('it\\'s', 'x')"],
    ['1.0 + 2.5e1', 'plus(1.0, 25.0)'],
    ['true AND NOT false AND NULL IS NULL', 'and(true, not(false), equals(NULL, NULL))'],
  ])('parses %s', (source, printed) => {
    expect(expr(source)).toBe(printed);
  });

  it.each([
    "SELECT event, count() AS n FROM events WHERE event = 'x' GROUP BY event HAVING n > 1 ORDER BY n DESC NULLS FIRST, 1 LIMIT 10",
    'SELECT e.event AS name, toString(uuid) FROM events AS e ORDER BY timestamp',
    "SELECT [1, 2.5, 'a', NULL, true], (1, 2), -x, properties.`weird key`.`1` FROM events",
    "SELECT plus(1, 2), equals(a, b), and(a, b, c), not(a), in(a, tuple(1, 2)) FROM events WHERE x NOT LIKE 'a\\\\%' OR y ILIKE 'b'",
    'SELECT event AS `order`, `from`.`select` FROM events ORDER BY `order` DESC',
    SURVEY_SYNC_QUERY,
  ])('round-trips %s', (source) => {
    const ast = parseHogQL(source, SURVEY_SYNC_VALUES);
    expect(parseHogQL(printSelect(ast))).toEqual(ast);
  });

  it('accepts implicit aliases, a trailing semicolon and case-insensitive keywords', () => {
    const query = parseHogQL('select event e from events ev where ev.event = 1;');
    expect(query.select[0]).toEqual({ expr: { kind: 'Field', chain: ['event'] }, alias: 'e' });
    expect(query.from).toEqual({ table: 'events', alias: 'ev' });
  });
});

describe('placeholders', () => {
  it('substitutes values as constants of every JSON type', () => {
    const printed = expr('[{s}, {i}, {f}, {b}, {n}, {arr}]', { s: 'x', i: 7, f: 1.5, b: false, n: null, arr: ['a', [1, 2]] });
    expect(printed).toBe("['x', 7, 1.5, false, NULL, ['a', [1, 2]]]");
  });

  it('keeps an injection attempt inside one string constant', () => {
    const ast = parseHogQLExpr('event = {x}', { x: "a' OR 1=1 --" });
    expect(ast).toEqual({ kind: 'Compare', op: 'eq', left: { kind: 'Field', chain: ['event'] }, right: { kind: 'Constant', value: "a' OR 1=1 --" } });
    expect(printExpr(ast)).toBe("equals(event, 'a\\' OR 1=1 --')");
  });

  it('names unknown placeholders like PostHog', () => {
    expect(errorOf(() => parseHogQL('SELECT {nope}')).message).toBe('Unresolved placeholder: {nope}');
    expect(errorOf(() => parseHogQL('SELECT {nope}', { a: 1, b: 2 })).message).toBe(
      'Placeholder {nope} is not available in this context. You can use the following: a, b',
    );
  });

  it('rejects values that are not JSON scalars or arrays', () => {
    expect(() => parseHogQL('SELECT {o}', { o: { a: 1 } })).toThrow(/Unsupported value for placeholder \{o\}/);
    expect(() => parseHogQL('SELECT {o}', { o: Number.POSITIVE_INFINITY })).toThrow(/finite number/);
  });

  it('does not resolve placeholder names through the prototype chain', () => {
    expect(() => parseHogQL('SELECT {toString}', { a: 1 })).toThrow(/Placeholder \{toString\} is not available/);
  });
});

describe('rejected constructs', () => {
  it.each([
    'SELECT event FROM events LIMIT 10 OFFSET 5',
    'SELECT event FROM events LIMIT 5, 10',
    'SELECT event FROM events OFFSET 5',
    'SELECT event FROM events ORDER BY timestamp OFFSET 5 ROWS',
  ])('rejects OFFSET with the exact PostHog text: %s', (source) => {
    const error = errorOf(() => parseHogQL(source));
    expect(error.message).toBe(OFFSET_NOT_ALLOWED_MESSAGE);
    expect(error.code).toBe('invalid_input');
  });

  it.each([
    ['SELECT event FROM events JOIN persons ON 1', 'Unsupported HogQL construct: JOIN'],
    ['SELECT event FROM events e LEFT JOIN persons p ON e.person_id = p.id', 'Unsupported HogQL construct: JOIN'],
    ['SELECT event FROM events, persons', 'Unsupported HogQL construct: JOIN'],
    ['SELECT event FROM events ARRAY JOIN x', 'Unsupported HogQL construct: ARRAY JOIN'],
    ['SELECT event FROM (SELECT event FROM events)', 'Unsupported HogQL construct: subqueries'],
    ['SELECT event FROM events WHERE uuid IN (SELECT uuid FROM events)', 'Unsupported HogQL construct: subqueries'],
    ['SELECT 1 UNION ALL SELECT 2', 'Unsupported HogQL construct: UNION'],
    ['WITH x AS (SELECT 1) SELECT 1', 'Unsupported HogQL construct: WITH (common table expressions)'],
    ['SELECT arrayMap(x -> x + 1, [1]) FROM events', 'Unsupported HogQL construct: lambda functions (->)'],
    ['SELECT count() OVER (PARTITION BY event) FROM events', 'Unsupported HogQL construct: window functions (OVER)'],
    ['SELECT 1; SELECT 2', 'Unsupported HogQL construct: multiple statements (;)'],
    ['SELECT 1;;', 'Unsupported HogQL construct: multiple statements (;)'],
    ['SELECT * FROM events', 'Unsupported HogQL construct: SELECT *'],
    ['SELECT DISTINCT event FROM events', 'Unsupported HogQL construct: SELECT DISTINCT'],
    ['SELECT CASE WHEN 1 THEN 2 END', 'Unsupported HogQL construct: CASE'],
    ['SELECT event FROM events LIMIT 1 BY event', 'Unsupported HogQL construct: LIMIT BY'],
    ['SELECT event FROM events SETTINGS max_threads = 1', 'Unsupported HogQL construct: SETTINGS'],
    ['SELECT event FROM events FINAL', 'Unsupported HogQL construct: FINAL'],
    ['SELECT x::String FROM events', 'Unsupported HogQL construct: type casts (::)'],
    ['SELECT quantile(0.5)(x) FROM events', 'Unsupported HogQL construct: parametric function quantile(...)(...)'],
    ['SELECT [1, 2][1]', 'Unsupported HogQL construct: array/tuple element access'],
    ["SELECT 1 WHERE event =~ 'a'", 'Unsupported HogQL construct: regular expression operator =~'],
    ['DELETE FROM events', 'Unsupported HogQL construct: DELETE statements (only SELECT is supported)'],
  ])('%s', (source, message) => {
    expect(errorOf(() => parseHogQL(source)).message).toBe(message);
  });

  it('reports plain syntax errors with their position', () => {
    expect(errorOf(() => parseHogQL('SELECT event FROM events WHERE')).message).toBe('Syntax error at line 1, column 31: unexpected end of input');
    expect(errorOf(() => parseHogQL('SELECT event\nFROM events WHERE (a = 1')).message).toBe(
      "Syntax error at line 2, column 25: unexpected end of input, expected ')'",
    );
    expect(errorOf(() => parseHogQL('SELECT event FROM events LIMIT -1')).message).toBe('LIMIT must be a non-negative integer constant');
    expect(errorOf(() => parseHogQL('SELECT 1 AS true')).message).toBe('"true" cannot be an alias or identifier, as it\'s a reserved keyword');
  });
});
