import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AxiosInstance } from 'axios';
import { DEMO_KEYS, DEMO_PROJECT_TOKEN, DEMO_SURVEY_IDS, type HogQLEvent, type PostHogSimulator } from '../src/index.js';
import { client, fixture, startTestSimulator, TEST_NOW } from './sim-test.helpers.js';

const DAY = 86_400_000;

describe('POST /api/projects/:id/query/ with HogQL on the demo data', () => {
  let sim: PostHogSimulator;
  let api: AxiosInstance;
  let events: readonly HogQLEvent[];

  const hogql = (query: string, values?: Record<string, unknown>, refresh = 'force_blocking', projectId = 1) =>
    api.post(`/api/projects/${projectId}/query/`, { query: { kind: 'HogQLQuery', query, ...(values ? { values } : {}) }, refresh });

  beforeAll(async () => {
    sim = await startTestSimulator({ throttling: { enabled: false } });
    api = client(sim, DEMO_KEYS.allAccess);
    // The control API's list is the ground truth for the brute-force checks below.
    events = [...sim.control.events(1)];
  });
  afterAll(() => sim.close());

  it('count() per event name matches a brute-force count', async () => {
    const expected = new Map<string, number>();
    for (const e of events) expected.set(e.event, (expected.get(e.event) ?? 0) + 1);
    const response = await hogql('SELECT event, count() AS c FROM events GROUP BY event ORDER BY event LIMIT 100');
    expect(response.status).toBe(200);
    expect(response.data.columns).toEqual(['event', 'c']);
    expect(response.data.results).toEqual([...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(expected.get('$pageview')).toBeGreaterThan(1000);
  });

  it('filters with placeholders and time windows match a brute-force count', async () => {
    const since = TEST_NOW - 30 * DAY;
    const expected = events.filter((e) => e.event === 'checkout_completed' && e.timestamp >= since);
    const response = await hogql(
      'SELECT count(), uniq(distinct_id), sum(properties.revenue) FROM events WHERE event = {name} AND toUnixTimestamp64Milli(timestamp) >= {since}',
      { name: 'checkout_completed', since },
    );
    expect(response.status).toBe(200);
    const [[count, people, revenue]] = response.data.results as [number, number, number][];
    expect(count).toBe(expected.length);
    expect(people).toBe(new Set(expected.map((e) => e.distinct_id)).size);
    expect(revenue).toBeCloseTo(expected.reduce((sum, e) => sum + Number(e.properties.revenue), 0), 2);
    expect(count).toBeGreaterThan(50);
  });

  it("the fixture's survey sync query returns each NPS `survey sent` event once, answers coalesced over legacy keys", async () => {
    const request = fixture<{ query: { query: string; values: Record<string, unknown> } }>('query_request_hogql.json');
    const survey = sim.control.state.surveys.get(DEMO_SURVEY_IDS.nps)!;
    const [q0, q1, q2] = survey.questions.map((q) => q.id);
    const since = TEST_NOW - 31 * DAY;
    const values = { ...request.query.values, survey_ids: [survey.id], since_coarse: new Date(since).toISOString().slice(0, 19).replace('T', ' '), cursor_ms: 0, q0, q1, q2 };
    const response = await api.post('/api/projects/1/query/', { ...request, query: { ...request.query, values } });
    expect(response.status).toBe(200);

    const expected = events.filter((e) => e.event === 'survey sent' && e.properties.$survey_id === survey.id && e.timestamp >= since);
    const rows = response.data.results as unknown[][];
    const column = (name: string) => response.data.columns.indexOf(name);
    expect(rows.length).toBe(expected.length);
    expect(new Set(rows.map((r) => r[column('uuid')])).size).toBe(rows.length);

    const byUuid = new Map(expected.map((e) => [e.uuid, e]));
    let legacyRows = 0;
    for (const row of rows) {
      const event = byUuid.get(row[column('uuid')] as string)!;
      const idKey = event.properties[`$survey_response_${q0}`];
      const legacyKey = event.properties.$survey_response;
      if (idKey === undefined && legacyKey !== undefined) legacyRows++;
      expect(row[column('q0')]).toBe(idKey ?? legacyKey ?? null);
      expect(row[column('submission_id')]).toBe(event.properties.$survey_submission_id ?? null);
    }
    expect(legacyRows).toBeGreaterThan(0);
    // Partial responses share a submission id.
    const submissions = rows.map((r) => r[column('submission_id')]).filter((s) => s !== null);
    expect(new Set(submissions).size).toBeLessThan(submissions.length);
  });

  it('keyset pagination over (ts_ms, uuid) visits every row exactly once', async () => {
    const expected = events.filter((e) => e.event === 'survey sent');
    const seen: string[] = [];
    let cursorMs = 0;
    let cursorUuid = '';
    for (let page = 0; page < 100; page++) {
      const response = await hogql(
        "SELECT toString(uuid), toUnixTimestamp64Milli(timestamp) AS ts_ms FROM events WHERE event = 'survey sent' AND (toUnixTimestamp64Milli(timestamp) > {cursor_ms} OR (toUnixTimestamp64Milli(timestamp) = {cursor_ms} AND toString(uuid) > {cursor_uuid})) ORDER BY ts_ms ASC, toString(uuid) ASC LIMIT 25",
        { cursor_ms: cursorMs, cursor_uuid: cursorUuid },
      );
      expect(response.status).toBe(200);
      const rows = response.data.results as [string, number][];
      seen.push(...rows.map(([uuid]) => uuid));
      if (rows.length < 25) break;
      [cursorUuid, cursorMs] = rows[rows.length - 1];
    }
    expect(seen.length).toBe(expected.length);
    expect(new Set(seen)).toEqual(new Set(expected.map((e) => e.uuid)));
  });

  it('without LIMIT: 100 rows and hasMore; with LIMIT: hasMore/limit/offset are null', async () => {
    const open = await hogql('SELECT uuid FROM events');
    expect(open.data.results).toHaveLength(100);
    expect(open.data).toMatchObject({ hasMore: true, limit: 100, offset: 0 });
    const limited = await hogql('SELECT uuid FROM events LIMIT 7');
    expect(limited.data.results).toHaveLength(7);
    expect(limited.data).toMatchObject({ hasMore: null, limit: null, offset: null });
  });

  it('rejects OFFSET, in any position, with 400', async () => {
    for (const query of ['SELECT uuid FROM events LIMIT 10 OFFSET 5', 'SELECT uuid FROM events LIMIT 5, 10']) {
      const response = await hogql(query);
      expect({ query, status: response.status, code: response.data.code }).toEqual({ query, status: 400, code: 'invalid_input' });
      expect(response.data.detail).toMatch(/^OFFSET is not supported on queries made with a personal API key\./);
    }
  });

  it('engine errors are 400 validation errors naming the problem; other kinds and a missing query are refused', async () => {
    const broken = await hogql('SELEC uuid FROM events');
    expect(broken.status).toBe(400);
    expect(broken.data).toMatchObject({ type: 'validation_error', code: 'invalid_input', attr: null });
    expect(broken.data.detail.length).toBeGreaterThan(0);
    const trends = await api.post('/api/projects/1/query/', { query: { kind: 'TrendsQuery', series: [] } });
    expect(trends.status).toBe(400);
    expect(trends.data.type).toBe('validation_error');
    const missing = await api.post('/api/projects/1/query/', {});
    expect(missing.data).toEqual({ type: 'validation_error', code: 'required', detail: 'This field is required.', attr: 'query' });
    const badRefresh = await api.post('/api/projects/1/query/', { query: { kind: 'HogQLQuery', query: 'SELECT 1' }, refresh: 'sometimes' });
    expect(badRefresh.data).toMatchObject({ code: 'invalid_choice', attr: 'refresh' });
  });

  it('blocking serves an identical query from cache for 6 hours; force_blocking recomputes', async () => {
    const query = "SELECT count() FROM events WHERE event = 'cache_probe'";
    const first = await hogql(query, undefined, 'blocking');
    expect(first.data).toMatchObject({ is_cached: false, results: [[0]] });
    await client(sim).post('/i/v0/e/', { api_key: DEMO_PROJECT_TOKEN, event: 'cache_probe', distinct_id: 'c' });

    const stale = await hogql(query, undefined, 'blocking');
    expect(stale.data).toMatchObject({ is_cached: true, results: [[0]], cache_key: first.data.cache_key, last_refresh: first.data.last_refresh });
    const fresh = await hogql(query, undefined, 'force_blocking');
    expect(fresh.data).toMatchObject({ is_cached: false, results: [[1]] });

    // Different values are a different cache entry.
    const other = await hogql("SELECT count() FROM events WHERE event = {e}", { e: 'cache_probe' }, 'blocking');
    expect(other.data.is_cached).toBe(false);

    await client(sim).post('/i/v0/e/', { api_key: DEMO_PROJECT_TOKEN, event: 'cache_probe', distinct_id: 'c' });
    sim.control.advanceClock(6 * 3_600_000 + 1000);
    const expired = await hogql(query, undefined, 'blocking');
    expect(expired.data).toMatchObject({ is_cached: false, results: [[2]] });
  });

  it('needs query:read, which the read-only key has', async () => {
    expect((await client(sim, DEMO_KEYS.readOnly).post('/api/projects/1/query/', { query: { kind: 'HogQLQuery', query: 'SELECT 1' } })).status).toBe(200);
    const denied = await client(sim, DEMO_KEYS.noScopes).post('/api/projects/1/query/', { query: { kind: 'HogQLQuery', query: 'SELECT 1' } });
    expect(denied.status).toBe(403);
    expect(denied.data.detail).toBe("API key missing required scope 'query:read'");
  });

  it('queries only see their own project, and report its timezone', async () => {
    const response = await hogql('SELECT count() FROM events', undefined, 'force_blocking', 2);
    expect(response.data.results).toEqual([[sim.control.events(2).length]]);
    expect(response.data.timezone).toBe('Europe/London');
  });
});

describe('HogQL over a large seed', () => {
  it('caps any LIMIT at 50,000 rows', async () => {
    const sim = await startTestSimulator({ seed: 'large', events: 60_000, throttling: { enabled: false } });
    try {
      const response = await client(sim, DEMO_KEYS.allAccess).post('/api/projects/1/query/', { query: { kind: 'HogQLQuery', query: 'SELECT uuid FROM events LIMIT 60000' } });
      expect(response.status).toBe(200);
      expect(response.data.results).toHaveLength(50_000);
    } finally {
      await sim.close();
    }
  });
});
