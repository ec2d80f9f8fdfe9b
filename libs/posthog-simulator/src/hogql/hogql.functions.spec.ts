import { HogQLError } from './hogql.errors.js';
import type { HogQLEvent } from './hogql-event.js';
import { executeHogQL } from './hogql.evaluator.js';

const T0 = Date.UTC(2025, 8, 17, 10, 11, 12, 345);

const EVENTS: HogQLEvent[] = [
  {
    uuid: '00000000-0000-4000-8000-000000000001',
    event: 'checkout_completed',
    distinct_id: 'u1',
    person_id: '10000000-0000-4000-8000-000000000001',
    timestamp: T0,
    properties: { revenue: 10.5, plan: 'Pro', tags: ['a', 'b'], nested: { level: { value: 3 } }, flag: true, text: 'héllo' },
  },
  {
    uuid: '00000000-0000-4000-8000-000000000002',
    event: 'checkout_completed',
    distinct_id: 'u2',
    person_id: '10000000-0000-4000-8000-000000000002',
    timestamp: T0 + 60_000,
    properties: { revenue: '4.5', plan: 'free' },
  },
  {
    uuid: '00000000-0000-4000-8000-000000000003',
    event: '$pageview',
    distinct_id: 'u1',
    person_id: '10000000-0000-4000-8000-000000000001',
    timestamp: T0 + 120_000,
    properties: { $browser: 'Chrome' },
  },
];

/** Evaluates `expression` on the first event (or without FROM when `fromEvents` is false). */
function scalar(expression: string, values?: Record<string, unknown>, fromEvents = true): { value: unknown; type: string } {
  const query = fromEvents ? `SELECT ${expression} AS v FROM events ORDER BY timestamp LIMIT 1` : `SELECT ${expression} AS v`;
  const result = executeHogQL({ query, events: EVENTS, now: T0, ...(values && { values }) });
  return { value: result.results[0]![0], type: result.types[0]![1] };
}

function aggregate(expression: string, where = ''): unknown {
  return executeHogQL({ query: `SELECT ${expression} FROM events ${where}`, events: EVENTS }).results[0]![0];
}

describe('scalar functions', () => {
  it('has(array, x) with constant and placeholder arrays', () => {
    expect(scalar("has(['a', 'b'], 'b')").value).toBe(1);
    expect(scalar("has(['a', 'b'], 'c')").value).toBe(0);
    expect(scalar('has({ids}, properties.plan)', { ids: ['Pro'] })).toEqual({ value: 1, type: 'UInt8' });
    expect(scalar('has({ids}, properties.missing)', { ids: ['Pro'] }).value).toBe(0);
    expect(scalar('has([1, 2], properties.revenue)').value).toBe(0);
    expect(scalar('has([10.5], properties.revenue)').value).toBe(1);
    expect(() => scalar("has('ab', 'a')")).toThrow(/first argument of function has, expected Array/);
  });

  it('toUnixTimestamp64Milli', () => {
    expect(scalar('toUnixTimestamp64Milli(timestamp)')).toEqual({ value: T0, type: 'Int64' });
    expect(scalar("toUnixTimestamp64Milli(toDateTime('2025-01-01T00:00:00.250Z'))").value).toBe(Date.UTC(2025, 0, 1) + 250);
  });

  it('toString of every kind', () => {
    expect(scalar('toString(uuid)')).toEqual({ value: '00000000-0000-4000-8000-000000000001', type: 'String' });
    expect(scalar('toString(timestamp)').value).toBe('2025-09-17 10:11:12.345000');
    expect(scalar('toString(toDateTime(0))').value).toBe('1970-01-01 00:00:00');
    expect(scalar('toString(1.5)').value).toBe('1.5');
    expect(scalar('toString(1 = 1)').value).toBe('1');
    expect(scalar('toString(true)').value).toBe('true');
    expect(scalar("toString(['a', 'b'])").value).toBe("['a','b']");
    expect(scalar('toString(properties.revenue)')).toEqual({ value: '10.5', type: 'Nullable(String)' });
    expect(scalar('toString(properties.missing)').value).toBeNull();
  });

  it('toDateTime from ISO strings, naive UTC strings and epoch seconds', () => {
    expect(scalar("toDateTime('2025-09-15 00:00:00')")).toEqual({ value: '2025-09-15T00:00:00Z', type: "Nullable(DateTime64(6, 'UTC'))" });
    expect(scalar("toDateTime('2025-09-15T01:02:03.5+02:00')").value).toBe('2025-09-14T23:02:03.500000Z');
    expect(scalar('toDateTime(1758067200)')).toEqual({ value: '2025-09-17T00:00:00Z', type: "DateTime('UTC')" });
    expect(scalar('toDateTime(timestamp)').value).toBe('2025-09-17T10:11:12Z');
    expect(scalar("toDateTime('not a date')").value).toBeNull();
    expect(scalar("toDateTime('2025-02-30')").value).toBeNull();
    expect(scalar("toDateTime('2025-09-15', 'UTC')").value).toBe('2025-09-15T00:00:00Z');
    expect(() => scalar("toDateTime('2025-09-15', 'Europe/Paris')")).toThrow(/only the 'UTC' timezone/);
  });

  it('now() is the injected clock', () => {
    expect(scalar('now()')).toEqual({ value: '2025-09-17T10:11:12.345000Z', type: "DateTime64(6, 'UTC')" });
  });

  it('coalesce returns the first non-null argument', () => {
    expect(scalar("coalesce(properties.missing, properties.plan, 'x')")).toEqual({ value: 'Pro', type: 'Nullable(String)' });
    expect(scalar("coalesce(NULL, 'fallback')")).toEqual({ value: 'fallback', type: 'String' });
    expect(scalar('coalesce(NULL, NULL)').value).toBeNull();
  });

  it('null helpers, if, and string helpers', () => {
    expect(scalar('isNull(properties.missing)').value).toBe(1);
    expect(scalar('isNotNull(properties.plan)').value).toBe(1);
    expect(scalar("ifNull(properties.missing, 'd')").value).toBe('d');
    expect(scalar("if(properties.revenue > 10, 'big', 'small')").value).toBe('big');
    expect(scalar('lower(properties.plan)').value).toBe('pro');
    expect(scalar('upper(event)').value).toBe('CHECKOUT_COMPLETED');
    expect(scalar('length(properties.text)').value).toBe(6);
    expect(scalar('length([1, 2, 3])').value).toBe(3);
    expect(scalar("concat(event, '-', properties.missing, 1)").value).toBe('checkout_completed-1');
    expect(scalar("toInt('42')").value).toBe(42);
    expect(scalar("toInt('4.2')").value).toBeNull();
    expect(scalar('toInt(properties.revenue)').value).toBe(10);
    expect(scalar("toFloat('2.5')")).toEqual({ value: 2.5, type: 'Nullable(Float64)' });
    expect(scalar("toFloat('abc')").value).toBeNull();
  });

  it('property access: nested paths, arrays, booleans, JSON text', () => {
    expect(scalar('properties.nested.level.value').value).toBe(3);
    expect(scalar("properties['nested']['level']").value).toBe('{"value":3}');
    expect(scalar('properties.tags').value).toBe('["a","b"]');
    expect(scalar('properties.tags.1').value).toBe('a');
    expect(scalar("properties['tags'][-1]").value).toBe('b');
    expect(scalar('properties.flag').value).toBe('true');
    expect(scalar('properties.constructor').value).toBeNull();
    expect(scalar('properties.__proto__').value).toBeNull();
    expect(scalar('properties.toString.x').value).toBeNull();
    expect(JSON.parse(scalar('properties').value as string)).toEqual(EVENTS[0]!.properties);
  });

  it('INTERVAL arithmetic with ClickHouse month clamping', () => {
    expect(scalar("toDateTime('2025-01-31 12:00:00') + INTERVAL 1 MONTH").value).toBe('2025-02-28T12:00:00Z');
    expect(scalar("toDateTime('2024-01-31 12:00:00') + INTERVAL 1 MONTH").value).toBe('2024-02-29T12:00:00Z');
    expect(scalar('now() - INTERVAL 30 DAY').value).toBe('2025-08-18T10:11:12.345000Z');
    expect(scalar('now() - INTERVAL 2 WEEK + INTERVAL 3 HOUR - INTERVAL 5 MINUTE + INTERVAL 1 SECOND').value).toBe(
      '2025-09-03T13:06:13.345000Z',
    );
    expect(scalar('INTERVAL 1 QUARTER + toDateTime(0)').value).toBe('1970-04-01T00:00:00Z');
    expect(scalar('toDateTime(0) + INTERVAL {n} YEAR', { n: 2 }).value).toBe('1972-01-01T00:00:00Z');
    expect(scalar('toDateTime(0) + 90').value).toBe('1970-01-01T00:01:30Z');
    expect(() => scalar('INTERVAL 1 DAY - now()')).toThrow(/Illegal types/);
  });

  it('arithmetic on numbers and numeric property values', () => {
    expect(scalar('1 + 2 * 3')).toEqual({ value: 7, type: 'Int64' });
    expect(scalar('7 / 2')).toEqual({ value: 3.5, type: 'Float64' });
    expect(scalar('7 % 4').value).toBe(3);
    expect(scalar('1 / 0').value).toBeNull();
    expect(scalar('properties.revenue * 2')).toEqual({ value: 21, type: 'Nullable(Float64)' });
    expect(scalar('properties.missing + 1').value).toBeNull();
    expect(() => scalar("'a' + 1")).toThrow(/Illegal types String and UInt8 of arguments of function plus/);
  });

  it('literal types follow ClickHouse', () => {
    expect(scalar('1', undefined, false)).toEqual({ value: 1, type: 'UInt8' });
    expect(scalar('300', undefined, false).type).toBe('UInt16');
    expect(scalar('-1', undefined, false).type).toBe('Int8');
    expect(scalar('1.5', undefined, false).type).toBe('Float64');
    expect(scalar("'s'", undefined, false).type).toBe('String');
    expect(scalar('true', undefined, false)).toEqual({ value: true, type: 'Bool' });
    expect(scalar('NULL', undefined, false)).toEqual({ value: null, type: 'Nullable(Nothing)' });
    expect(scalar("['a', 'b']", undefined, false)).toEqual({ value: ['a', 'b'], type: 'Array(String)' });
  });

  it('rejects unknown functions and wrong arity, naming the function', () => {
    expect(() => scalar('frobnicate(1)')).toThrow(new HogQLError("Unsupported function call 'frobnicate(...)'"));
    expect(() => scalar('countif(1)')).toThrow("Unsupported function call 'countif(...)'. Perhaps you meant 'countIf(...)'?");
    expect(() => scalar('tostring(uuid)')).toThrow("Unsupported function call 'tostring(...)'. Perhaps you meant 'toString(...)'?");
    expect(() => scalar('toString(1, 2)')).toThrow("Function 'toString' expects 1 argument, found 2");
    expect(() => scalar('coalesce()')).toThrow("Function 'coalesce' expects at least 1 argument, found 0");
  });
});

describe('getSurveyResponse', () => {
  const Q = ['q-aaa', 'q-bbb', 'q-ccc'];
  const survey = (properties: Record<string, unknown>): HogQLEvent => ({
    uuid: '00000000-0000-4000-8000-0000000000aa',
    event: 'survey sent',
    distinct_id: 'u',
    person_id: '10000000-0000-4000-8000-0000000000aa',
    timestamp: T0,
    properties,
  });
  const responses = (properties: Record<string, unknown>): unknown[] =>
    executeHogQL({
      query: 'SELECT getSurveyResponse(0, {q0}), getSurveyResponse(1, {q1}), getSurveyResponse(2, {q2}, true) FROM events',
      values: { q0: Q[0], q1: Q[1], q2: Q[2] },
      events: [survey(properties)],
    }).results[0]!;

  it('reads the id-keyed property', () => {
    expect(
      responses({ '$survey_response_q-aaa': '9', '$survey_response_q-bbb': 'Great', '$survey_response_q-ccc': ['Dashboards', 'Alerts'] }),
    ).toEqual(['9', 'Great', ['"Dashboards"', '"Alerts"']]);
  });

  it('falls back to the legacy index keys ($survey_response, $survey_response_<n>)', () => {
    expect(responses({ $survey_response: '7', $survey_response_1: 'Legacy', $survey_response_2: ['X'] })).toEqual(['7', 'Legacy', ['"X"']]);
  });

  it('prefers the id key, treats empty strings and empty arrays as missing', () => {
    expect(
      responses({
        '$survey_response_q-aaa': '',
        $survey_response: '3',
        '$survey_response_q-bbb': 'by id',
        $survey_response_1: 'by index',
        '$survey_response_q-ccc': [],
        $survey_response_2: ['fallback'],
      }),
    ).toEqual(['3', 'by id', ['"fallback"']]);
  });

  it('returns null / empty array when nothing was answered, and stringifies numbers', () => {
    expect(responses({})).toEqual([null, null, []]);
    expect(responses({ '$survey_response_q-aaa': 8 })).toEqual(['8', null, []]);
  });

  it('looks the question id up in $survey_questions when none is given', () => {
    const result = executeHogQL({
      query: 'SELECT getSurveyResponse(1), getSurveyResponse(1, NULL), getSurveyResponse(0) FROM events',
      events: [survey({ $survey_questions: [{ id: 'first' }, { id: 'second' }], $survey_response_second: 'dynamic', $survey_response: 'idx' })],
    });
    expect(result.results[0]).toEqual(['dynamic', 'dynamic', 'idx']);
  });

  it('requires a constant integer index', () => {
    expect(() => executeHogQL({ query: 'SELECT getSurveyResponse(event) FROM events', events: [] })).toThrow(
      'getSurveyResponse first argument must be a constant',
    );
    expect(() => executeHogQL({ query: "SELECT getSurveyResponse('x') FROM events", events: [] })).toThrow(
      'getSurveyResponse first argument must be a valid integer',
    );
  });
});

describe('aggregate functions', () => {
  it('count() and count(expr)', () => {
    expect(aggregate('count()')).toBe(3);
    expect(aggregate('COUNT(*)')).toBe(3);
    expect(aggregate('count(properties.revenue)')).toBe(2);
    expect(aggregate('count(DISTINCT distinct_id)')).toBe(2);
  });

  it('countIf with one and two arguments', () => {
    expect(aggregate("countIf(event = 'checkout_completed')")).toBe(2);
    expect(aggregate("countIf(properties.plan, event = 'checkout_completed')")).toBe(2);
    expect(aggregate("countIf(properties.plan, event = '$pageview')")).toBe(0);
  });

  it('uniq and uniqIf ignore NULL', () => {
    expect(aggregate('uniq(distinct_id)')).toBe(2);
    expect(aggregate('uniq(properties.plan)')).toBe(2);
    expect(aggregate('uniq(distinct_id, event)')).toBe(3);
    expect(aggregate("uniqIf(distinct_id, event = '$pageview')")).toBe(1);
  });

  it('sum and sumIf coerce numeric strings and skip the rest', () => {
    expect(aggregate('sum(properties.revenue)')).toBe(15);
    expect(aggregate("sumIf(properties.revenue, properties.plan = 'Pro')")).toBe(10.5);
    expect(aggregate('sum(1)')).toBe(3);
    expect(aggregate("sumIf(properties.revenue, event = 'nope')")).toBeNull();
    expect(aggregate("sum(1)", "WHERE event = 'nope'")).toBe(0);
  });

  it('avg and avgIf', () => {
    expect(aggregate('avg(properties.revenue)')).toBe(7.5);
    expect(aggregate("avgIf(properties.revenue, distinct_id = 'u2')")).toBe(4.5);
    expect(aggregate("avg(properties.revenue)", "WHERE event = 'nope'")).toBeNull();
  });

  it('min and max (and -If) keep the argument type', () => {
    expect(aggregate('min(timestamp)')).toBe('2025-09-17T10:11:12.345000Z');
    expect(aggregate('max(timestamp)')).toBe('2025-09-17T10:13:12.345000Z');
    expect(aggregate('max(event)')).toBe('checkout_completed');
    // Property values compare numerically when both sides are numeric, whichever JSON type they arrived as.
    expect(aggregate('min(properties.revenue)')).toBe('4.5');
    expect(aggregate('max(properties.revenue)')).toBe(10.5);
    expect(aggregate("maxIf(distinct_id, event = '$pageview')")).toBe('u1');
    expect(aggregate("minIf(toUnixTimestamp64Milli(timestamp), distinct_id = 'u2')")).toBe(T0 + 60_000);
  });

  it('rejects DISTINCT outside count and nested aggregates', () => {
    expect(() => aggregate('sum(DISTINCT 1)')).toThrow('DISTINCT is only supported as count(DISTINCT ...), not in sum()');
    expect(() => aggregate('sum(count())')).toThrow("Aggregation 'count' cannot be nested inside another aggregation 'sum'.");
    expect(() => aggregate('sum(event)')).toThrow('Illegal type String of argument for aggregate function sum');
  });
});
