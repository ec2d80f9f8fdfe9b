import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_KEYS, DEMO_PROJECT_TOKEN, OTHER_PROJECT_TOKEN, type PostHogSimulator } from '../src/index.js';
import { client, fixture, startTestSimulator } from './sim-test.helpers.js';

describe('event capture', () => {
  let sim: PostHogSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());

  const capture = () => client(sim);

  it('stores a single event with its timestamp, properties and a stable person_id', async () => {
    const request = { ...fixture<Record<string, unknown>>('capture_single_request.json'), api_key: DEMO_PROJECT_TOKEN, distinct_id: 'capture-user-1' };
    const response = await capture().post('/i/v0/e/', request);
    expect(response.status).toBe(200);
    const stored = sim.control.events(1).filter((e) => e.distinct_id === 'capture-user-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ event: 'survey sent', timestamp: Date.parse('2025-09-17T10:11:12.345Z') });
    expect(stored[0].properties.$survey_submission_id).toBe('sub-1');
    expect(stored[0].uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts batches on /batch/ and /batch, with the token in the body or the events', async () => {
    const batch = {
      api_key: OTHER_PROJECT_TOKEN,
      batch: [
        { event: 'batch_one', distinct_id: 'b-1', properties: { n: 1 } },
        { event: 'batch_two', properties: { distinct_id: 'b-2', n: 2 }, timestamp: '2026-03-14T09:00:00Z' },
      ],
    };
    expect((await capture().post('/batch/', batch)).status).toBe(200);
    const perEventToken = { batch: [{ event: 'batch_three', distinct_id: 'b-3', properties: { token: OTHER_PROJECT_TOKEN } }] };
    expect((await capture().post('/batch', perEventToken)).status).toBe(200);
    const names = sim.control.events(2).map((e) => e.event);
    expect(names).toEqual(expect.arrayContaining(['batch_one', 'batch_two', 'batch_three']));
    expect(sim.control.events(2).find((e) => e.event === 'batch_two')?.distinct_id).toBe('b-2');
  });

  it('accepts token and $token, /capture/ and gzip bodies', async () => {
    expect((await capture().post('/capture/', { token: DEMO_PROJECT_TOKEN, event: 'via_token', distinct_id: 'c1' })).status).toBe(200);
    expect((await capture().post('/e', { $token: DEMO_PROJECT_TOKEN, event: 'via_dollar_token', distinct_id: 'c2' })).status).toBe(200);
    const gz = gzipSync(JSON.stringify({ api_key: DEMO_PROJECT_TOKEN, event: 'via_gzip', distinct_id: 'c3' }));
    const response = await capture().post('/i/v0/e/?compression=gzip-js', gz, { headers: { 'Content-Type': 'text/plain' } });
    expect(response.status).toBe(200);
    const names = sim.control.events(1).map((e) => e.event);
    expect(names).toEqual(expect.arrayContaining(['via_token', 'via_dollar_token', 'via_gzip']));
  });

  it('refuses bad payloads with the capture service codes', async () => {
    const cases: [unknown, number, string][] = [
      [{ api_key: DEMO_PROJECT_TOKEN, distinct_id: 'x' }, 400, 'missing_event_name'],
      [{ api_key: DEMO_PROJECT_TOKEN, event: 'no_id' }, 400, 'missing_distinct_id'],
      [{ api_key: DEMO_PROJECT_TOKEN, batch: [] }, 400, 'empty_batch'],
      [{ batch: [{ event: 'a', distinct_id: '1', properties: { token: DEMO_PROJECT_TOKEN } }, { event: 'b', distinct_id: '2', properties: { token: OTHER_PROJECT_TOKEN } }] }, 400, 'unroutable_events'],
      [{ api_key: DEMO_KEYS.allAccess, event: 'pak', distinct_id: '1' }, 403, 'ingest_key_unknown'],
      [{ event: 'anon', distinct_id: '1' }, 401, 'ingest_key_required'],
    ];
    for (const [body, status, code] of cases) {
      const response = await capture().post('/batch/', body);
      expect({ code, status: response.status, body: response.data }).toEqual({ code, status, body: { status, code, error: expect.any(String) } });
    }
    const garbage = await capture().post('/i/v0/e/', 'not json', { headers: { 'Content-Type': 'application/json' }, transformRequest: (d) => d });
    expect(garbage.data).toMatchObject({ status: 400, code: 'request_parsing_error' });
  });

  it('corrects client clock skew with sent_at, and supports offset', async () => {
    const now = sim.control.now();
    await capture().post('/i/v0/e/', { api_key: DEMO_PROJECT_TOKEN, event: 'skewed', distinct_id: 's', timestamp: '2020-01-01T00:00:10Z', sent_at: '2020-01-01T00:00:20Z' });
    await capture().post('/i/v0/e/', { api_key: DEMO_PROJECT_TOKEN, event: 'offset', distinct_id: 's', offset: 5000 });
    const skewed = sim.control.events(1).find((e) => e.event === 'skewed')!;
    const offset = sim.control.events(1).find((e) => e.event === 'offset')!;
    expect(Math.abs(skewed.timestamp - (now - 10_000))).toBeLessThan(2000);
    expect(Math.abs(offset.timestamp - (now - 5000))).toBeLessThan(2000);
  });

  it('creates an event definition for a new event name', async () => {
    const api = client(sim, DEMO_KEYS.allAccess);
    const before = (await api.get('/api/projects/1/event_definitions/?search=brand_new_event')).data.count;
    await capture().post('/i/v0/e/', { api_key: DEMO_PROJECT_TOKEN, event: 'brand_new_event', distinct_id: 'n' });
    const { data } = await api.get('/api/projects/1/event_definitions/?search=brand_new_event');
    expect([before, data.count]).toEqual([0, 1]);
    expect(data.results[0].last_seen_at).not.toBeNull();
  });

  it('captured events are visible to HogQL at once', async () => {
    await capture().post('/i/v0/e/', { api_key: DEMO_PROJECT_TOKEN, event: 'queryable_event', distinct_id: 'q-1', properties: { plan: 'pro' } });
    const response = await client(sim, DEMO_KEYS.allAccess).post('/api/projects/1/query/', {
      query: { kind: 'HogQLQuery', query: "SELECT distinct_id, properties.plan FROM events WHERE event = {name}", values: { name: 'queryable_event' } },
      refresh: 'force_blocking',
    });
    expect(response.status).toBe(200);
    expect(response.data.results).toEqual([['q-1', 'pro']]);
  });
});
