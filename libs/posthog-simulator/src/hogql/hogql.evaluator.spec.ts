import { HogQLError, OFFSET_NOT_ALLOWED_MESSAGE } from './hogql.errors.js';
import type { HogQLEvent } from './hogql-event.js';
import { executeHogQL, type HogQLResult } from './hogql.evaluator.js';
import { SURVEY_SYNC_QUERY } from './hogql.synthetic-events.js';
import { thrownBy } from '../../../../test/support/expect-error.js';

const BASE = Date.UTC(2025, 0, 1);

function makeEvents(count: number, build: (i: number) => Partial<HogQLEvent> = () => ({})): HogQLEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    event: 'e',
    distinct_id: `d${i}`,
    person_id: '10000000-0000-4000-8000-000000000000',
    timestamp: BASE + i * 1000,
    properties: {},
    ...build(i),
  }));
}

const SMALL: HogQLEvent[] = makeEvents(6, (i) => ({
  event: ['a', 'b', 'a', 'c', 'b', 'a'][i]!,
  distinct_id: ['x', 'y', 'x', 'z', 'x', 'y'][i]!,
  properties: [
    { plan: 'pro', n: 5 },
    { plan: 'free', n: '7' },
    { n: 1 },
    { plan: 'pro', n: null },
    { plan: 'team', n: 3 },
    { plan: 'free' },
  ][i]!,
}));

function run(query: string, options: { events?: HogQLEvent[]; values?: Record<string, unknown>; now?: number } = {}): HogQLResult {
  return executeHogQL({ query, events: options.events ?? SMALL, ...(options.values && { values: options.values }), ...(options.now !== undefined && { now: options.now }) });
}

/** First column of every row. */
const col = (query: string, options?: Parameters<typeof run>[1]): unknown[] => run(query, options).results.map((row) => row[0]);

const errorOf = (fn: () => unknown): HogQLError => thrownBy(HogQLError, fn);

describe('executeHogQL: filtering', () => {
  it.each([
    ["event = 'a'", [0, 2, 5]],
    ["event != 'a'", [1, 3, 4]],
    ["event <> 'a'", [1, 3, 4]],
    ['properties.n < 5', [2, 4]],
    ['properties.n <= 5', [0, 2, 4]],
    ['properties.n > 3', [0, 1]],
    ['properties.n >= 7', [1]],
    ["event = 'a' AND NOT (properties.plan = 'pro')", [2, 5]],
    ["event = 'c' OR (event = 'b' AND properties.plan = 'free')", [1, 3]],
    ["event IN ('b', 'c')", [1, 3, 4]],
    ["event NOT IN ('b', 'c')", [0, 2, 5]],
    ['properties.plan IS NULL', [2]],
    ['properties.plan IS NOT NULL', [0, 1, 3, 4, 5]],
    ['properties.n IS NULL', [3, 5]],
    ['properties.n * 2 + 1 = 15', [1]],
    ['properties.n / 2 > 2', [0, 1]],
    ["properties.plan = 'pro' AND properties.n = '5'", [0]],
    ["properties.plan != 'pro'", [1, 2, 4, 5]],
    ["properties.plan NOT IN ('pro')", [1, 4, 5]],
    ["properties.`plan` = 'team'", [4]],
    ["properties['plan'] = 'team'", [4]],
    ["has(['x', 'z'], distinct_id)", [0, 2, 3, 4]],
    ["properties.plan LIKE 'f%'", [1, 5]],
    ["properties.plan ILIKE 'PR_'", [0, 3]],
    ["properties.plan NOT LIKE '%o'", [1, 2, 4, 5]],
    ['1 = 1', [0, 1, 2, 3, 4, 5]],
    ['NULL', []],
    ['properties.n', [0, 1, 2, 4]],
    ["timestamp >= '2025-01-01 00:00:03'", [3, 4, 5]],
    ["timestamp < toDateTime('2025-01-01T00:00:02Z')", [0, 1]],
    ['timestamp BETWEEN toDateTime(1735689601) AND toDateTime(1735689602)', [1, 2]],
    ['timestamp > now() - INTERVAL 3 SECOND', [3, 4, 5]],
  ])('WHERE %s', (where, indices) => {
    const uuids = col(`SELECT uuid FROM events WHERE ${where}`, { now: BASE + 5000 });
    expect(uuids).toEqual(indices.map((i) => SMALL[i]!.uuid));
  });

  it('follows HogQL NULL comparison semantics', () => {
    expect(run('SELECT properties.missing = NULL, properties.missing != 1, properties.missing = 1, properties.missing < 1 FROM events LIMIT 1').results[0]).toEqual([1, 1, 0, 0]);
    expect(run('SELECT NULL = NULL, NULL != NULL, properties.a = properties.b FROM events LIMIT 1').results[0]).toEqual([1, 0, 1]);
  });

  it('uses aliases from SELECT in WHERE, and qualified column names', () => {
    expect(col("SELECT event AS name FROM events WHERE name = 'c'")).toEqual(['c']);
    expect(col("SELECT e.event FROM events AS e WHERE e.distinct_id = 'z'")).toEqual(['c']);
    expect(col("SELECT events.event FROM events WHERE events.distinct_id = 'z'")).toEqual(['c']);
    // Inside its own definition an alias name means the column, as in ClickHouse.
    expect(col("SELECT concat(event, '!') AS event FROM events WHERE event = 'c!'")).toEqual(['c!']);
  });

  it('renders values and types the way PostHog returns them', () => {
    const result = run("SELECT uuid, timestamp, event, person_id, properties.n, properties.plan, 1 = 1 FROM events WHERE event = 'c'");
    expect(result.results).toEqual([[SMALL[3]!.uuid, '2025-01-01T00:00:03Z', 'c', SMALL[3]!.person_id, null, 'pro', 1]]);
    expect(result.types).toEqual([
      ['uuid', 'UUID'],
      ['timestamp', "DateTime64(6, 'UTC')"],
      ['event', 'String'],
      ['person_id', 'UUID'],
      ['properties.n', 'Nullable(String)'],
      ['properties.plan', 'Nullable(String)'],
      ['equals(1, 1)', 'UInt8'],
    ]);
    expect(run("SELECT properties.n FROM events WHERE properties.n > 2 AND event != 'b'").types).toEqual([['properties.n', 'Nullable(Float64)']]);
  });

  it('runs a SELECT without FROM once', () => {
    expect(run('SELECT 1 + 1 AS two, count()', { events: [] }).results).toEqual([[2, 1]]);
    expect(() => run('SELECT event')).toThrow('Unable to resolve field: event');
  });
});

describe('executeHogQL: grouping and ordering', () => {
  it('groups by expression, alias and position with every aggregate', () => {
    const byExpr = run('SELECT event, count() AS c, uniq(distinct_id), sum(properties.n) FROM events GROUP BY event ORDER BY event');
    expect(byExpr.results).toEqual([
      ['a', 3, 2, 6],
      ['b', 2, 2, 10],
      ['c', 1, 1, null],
    ]);
    expect(byExpr.columns).toEqual(['event', 'c', 'uniq(distinct_id)', 'sum(properties.n)']);
    expect(byExpr.types.map(([, t]) => t)).toEqual(['String', 'UInt64', 'UInt64', 'Nullable(Float64)']);
    expect(run('SELECT upper(event) AS e, count() FROM events GROUP BY e ORDER BY 2 DESC, 1').results).toEqual([
      ['A', 3],
      ['B', 2],
      ['C', 1],
    ]);
    expect(run('SELECT distinct_id, event, count() FROM events GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 2').results).toEqual([
      ['x', 'a', 2],
      ['x', 'b', 1],
    ]);
  });

  it('returns one row for aggregates without GROUP BY, even over no rows', () => {
    expect(run("SELECT count(), sum(properties.n), min(event), avg(properties.n) FROM events WHERE event = 'none'").results).toEqual([[0, null, '', null]]);
  });

  it('supports HAVING and expressions over aggregates', () => {
    expect(run('SELECT event, count() * 10 AS c FROM events GROUP BY event HAVING count() > 1 ORDER BY c DESC').results).toEqual([
      ['a', 30],
      ['b', 20],
    ]);
  });

  it('rejects columns that are neither grouped nor aggregated', () => {
    expect(errorOf(() => run('SELECT event, distinct_id, count() FROM events GROUP BY event')).message).toBe(
      'Column `distinct_id` is not under aggregate function and not in GROUP BY keys',
    );
    expect(errorOf(() => run('SELECT event, count() FROM events')).message).toBe('Column `event` is not under aggregate function and not in GROUP BY keys');
    expect(() => run('SELECT count() FROM events GROUP BY event ORDER BY timestamp')).toThrow('Column `timestamp` is not under aggregate');
    expect(() => run('SELECT getSurveyResponse(0), count() FROM events')).toThrow('is not under aggregate function');
    expect(() => run('SELECT event FROM events WHERE count() > 1')).toThrow('Aggregate function count() is found in WHERE in query');
    expect(() => run('SELECT count() AS c FROM events WHERE c > 1')).toThrow('Aggregate function count() is found in WHERE in query');
  });

  it('orders by several keys, stably, with NULLS LAST by default in both directions', () => {
    expect(col('SELECT uuid FROM events ORDER BY properties.n').map((u) => SMALL.findIndex((e) => e.uuid === u))).toEqual([2, 4, 0, 1, 3, 5]);
    expect(col('SELECT uuid FROM events ORDER BY properties.n DESC').map((u) => SMALL.findIndex((e) => e.uuid === u))).toEqual([1, 0, 4, 2, 3, 5]);
    expect(col('SELECT uuid FROM events ORDER BY properties.n DESC NULLS FIRST').map((u) => SMALL.findIndex((e) => e.uuid === u))).toEqual([3, 5, 1, 0, 4, 2]);
    // Ties on event keep input order.
    expect(col('SELECT uuid FROM events ORDER BY event DESC, distinct_id').map((u) => SMALL.findIndex((e) => e.uuid === u))).toEqual([3, 4, 1, 0, 2, 5]);
    expect(col('SELECT toString(uuid) AS u FROM events ORDER BY u DESC LIMIT 1')).toEqual([SMALL[5]!.uuid]);
    expect(col('SELECT distinct_id, timestamp FROM events ORDER BY 2 DESC LIMIT 2')).toEqual(['y', 'x']);
  });
  it('keeps the earliest rows when ties straddle the LIMIT', () => {
    const events = makeEvents(50, (i) => ({ event: i % 2 === 0 ? 'x' : 'y' }));
    expect(col('SELECT uuid FROM events ORDER BY event LIMIT 5', { events })).toEqual([0, 2, 4, 6, 8].map((i) => events[i]!.uuid));
    expect(col('SELECT uuid FROM events ORDER BY event DESC LIMIT 3', { events })).toEqual([1, 3, 5].map((i) => events[i]!.uuid));
  });
});

describe('executeHogQL: PostHog row limits', () => {
  it('returns 100 rows and hasMore=true when more rows exist and no LIMIT was given', () => {
    const result = run('SELECT uuid FROM events', { events: makeEvents(150) });
    expect(result.results.length).toBe(100);
    expect([result.hasMore, result.limit, result.offset]).toEqual([true, 100, 0]);
    expect(result.hogql).toBe('SELECT uuid FROM events LIMIT 101 OFFSET 0');
  });

  it('sets hasMore=false when exactly 100 or fewer rows exist', () => {
    expect(run('SELECT uuid FROM events', { events: makeEvents(100) })).toMatchObject({ hasMore: false, limit: 100, offset: 0 });
    expect(run('SELECT uuid FROM events ORDER BY timestamp DESC', { events: makeEvents(101) })).toMatchObject({ hasMore: true });
    const few = run('SELECT uuid FROM events', { events: makeEvents(3) });
    expect([few.results.length, few.hasMore]).toEqual([3, false]);
  });

  it('applies hasMore to aggregate results too', () => {
    const result = run('SELECT uuid, count() FROM events GROUP BY uuid', { events: makeEvents(120) });
    expect([result.results.length, result.hasMore]).toEqual([100, true]);
  });

  it('caps an explicit LIMIT at 50,000 silently and nulls the pagination fields', () => {
    const events = makeEvents(50_001);
    const result = run('SELECT uuid FROM events ORDER BY timestamp LIMIT 60000', { events });
    expect(result.results.length).toBe(50_000);
    expect(result.results[49_999]).toEqual([events[49_999]!.uuid]);
    expect([result.hasMore, result.limit, result.offset]).toEqual([null, null, null]);
    expect(result.hogql).toBe('SELECT uuid FROM events ORDER BY timestamp ASC LIMIT 50000');
    expect(run('SELECT uuid FROM events LIMIT 50001', { events }).results.length).toBe(50_000);
  });

  it('honours small and zero limits', () => {
    expect(run('SELECT uuid FROM events LIMIT 2')).toMatchObject({ hasMore: null, limit: null, offset: null });
    expect(run('SELECT uuid FROM events LIMIT 2').results.length).toBe(2);
    expect(run('SELECT uuid FROM events LIMIT 0').results).toEqual([]);
    expect(run('SELECT count() FROM events LIMIT 0').results).toEqual([]);
  });

  it('rejects OFFSET with PostHog\'s exact message', () => {
    const error = errorOf(() => run('SELECT uuid FROM events ORDER BY timestamp LIMIT 10 OFFSET 10'));
    expect(error.message).toBe(OFFSET_NOT_ALLOWED_MESSAGE);
    expect(error.code).toBe('invalid_input');
  });
});

describe('executeHogQL: errors', () => {
  it.each([
    ['SELECT uuid FROM persons', 'Unknown table `persons`. The PostHog simulator only supports the `events` table.'],
    ['SELECT nope FROM events', 'Unable to resolve field: nope'],
    ['SELECT event.x FROM events', 'Cannot resolve type event.x. Unable to resolve x.'],
    ['SELECT frob(event) FROM events', "Unsupported function call 'frob(...)'"],
    ['SELECT 1 AS a, 2 AS a', 'Cannot redefine an alias with the name: a'],
    ['SELECT event FROM events ORDER BY 3', 'Positional argument out of bounds: 3 (the query selects 1 columns)'],
    ['SELECT event FROM events HAVING 1', 'HAVING requires GROUP BY or an aggregate function'],
    ["SELECT event FROM events WHERE timestamp > 'yesterday'", "Cannot parse DateTime from String 'yesterday'"],
    ['SELECT event FROM events JOIN persons ON 1', 'Unsupported HogQL construct: JOIN'],
    ['SELECT event FROM events; SELECT 1', 'Unsupported HogQL construct: multiple statements (;)'],
    ['SELECT {missing} FROM events', 'Unresolved placeholder: {missing}'],
  ])('%s', (query, message) => {
    const error = errorOf(() => run(query));
    expect(error).toBeInstanceOf(HogQLError);
    expect(error.message).toBe(message);
  });
});

describe('executeHogQL: placeholders', () => {
  it('substitutes scalars and arrays as constants', () => {
    expect(col('SELECT uuid FROM events WHERE event IN {names} AND properties.n > {min}', { values: { names: ['a', 'b'], min: 2 } })).toEqual([
      SMALL[0]!.uuid,
      SMALL[1]!.uuid,
      SMALL[4]!.uuid,
    ]);
    expect(col('SELECT {flag}, {nothing}', { values: { flag: true, nothing: null } })).toEqual([true]);
  });

  it('never lets a value change the query', () => {
    const attack = "a' OR 1=1 --";
    const events = [...SMALL, ...makeEvents(1, () => ({ event: attack, uuid: 'ffffffff-0000-4000-8000-000000000000' }))];
    const result = run('SELECT uuid FROM events WHERE event = {x}', { events, values: { x: attack } });
    expect(result.results).toEqual([['ffffffff-0000-4000-8000-000000000000']]);
    expect(result.hogql).toBe("SELECT uuid FROM events WHERE equals(event, 'a\\' OR 1=1 --') LIMIT 101 OFFSET 0");
    expect(run('SELECT uuid FROM events WHERE event = {x}', { values: { x: "' OR ''='" } }).results).toEqual([]);
    expect(run('SELECT {x} AS v', { values: { x: '1); DROP TABLE events; --' } }).results).toEqual([['1); DROP TABLE events; --']]);
  });
});

describe('executeHogQL: the fixture survey query', () => {
  it('reproduces query_response_hogql.json for the matching event', () => {
    const event: HogQLEvent = {
      uuid: '0199a1b2-c3d4-7000-8000-000000000001',
      event: 'survey sent',
      distinct_id: 'user-42',
      person_id: '0199a1b2-0000-7000-8000-0000000000f1',
      // Microsecond precision as in the fixture; epoch ms may carry a fraction.
      timestamp: Date.UTC(2025, 8, 17, 10, 11, 12, 345) + 0.678,
      properties: {
        $survey_id: '0191a5b2-7f00-0000-1234-56789abcdef0',
        $survey_submission_id: 'sub-1',
        $survey_completed: true,
        '$survey_response_0191a5b2-0000-4000-8000-00000000a001': '9',
        $survey_response_1: 'More integrations',
        '$survey_response_0191a5b2-0000-4000-8000-00000000a003': ['Dashboards', 'Alerts'],
      },
    };
    const other = { ...event, uuid: '0199a1b2-c3d4-7000-8000-000000000002', properties: { ...event.properties, $survey_id: 'another' } };
    const result = executeHogQL({
      query: SURVEY_SYNC_QUERY,
      values: {
        survey_ids: ['0191a5b2-7f00-0000-1234-56789abcdef0'],
        since_coarse: '2025-09-15 00:00:00',
        cursor_ms: 1758067200000,
        cursor_uuid: '',
        q0: '0191a5b2-0000-4000-8000-00000000a001',
        q1: '0191a5b2-0000-4000-8000-00000000a002',
        q2: '0191a5b2-0000-4000-8000-00000000a003',
      },
      events: [other, event],
    });
    expect(result.columns).toEqual(['uuid', 'timestamp', 'ts_ms', 'distinct_id', 'person_id', 'survey_id', 'submission_id', 'completed', 'partially_completed', 'iteration', 'q0', 'q1', 'q2']);
    expect(result.types).toEqual([
      ['uuid', 'UUID'],
      ['timestamp', "DateTime64(6, 'UTC')"],
      ['ts_ms', 'Int64'],
      ['distinct_id', 'String'],
      ['person_id', 'UUID'],
      ['survey_id', 'Nullable(String)'],
      ['submission_id', 'Nullable(String)'],
      ['completed', 'Nullable(String)'],
      ['partially_completed', 'Nullable(String)'],
      ['iteration', 'Nullable(String)'],
      ['q0', 'Nullable(String)'],
      ['q1', 'Nullable(String)'],
      ['q2', 'Array(String)'],
    ]);
    expect(result.results).toEqual([
      [
        '0199a1b2-c3d4-7000-8000-000000000001',
        '2025-09-17T10:11:12.345678Z',
        1758103872345,
        'user-42',
        '0199a1b2-0000-7000-8000-0000000000f1',
        '0191a5b2-7f00-0000-1234-56789abcdef0',
        'sub-1',
        'true',
        null,
        null,
        '9',
        'More integrations',
        ['"Dashboards"', '"Alerts"'],
      ],
    ]);
    expect([result.hasMore, result.limit, result.offset]).toEqual([null, null, null]);
    expect(result.hogql.endsWith('ORDER BY ts_ms ASC, toString(uuid) ASC LIMIT 1000')).toBe(true);
  });
});
