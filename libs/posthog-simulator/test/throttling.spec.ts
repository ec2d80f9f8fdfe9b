import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_KEYS, type PostHogSimulator } from '../src/index.js';
import { client, startTestSimulator } from './sim-test.helpers.js';

describe('rate limits', () => {
  let sim: PostHogSimulator;

  beforeAll(async () => {
    // 480/min → 4/min, 4800/h → 48/h, 240/min → 2/min, 120/h → 1/h.
    sim = await startTestSimulator({ throttling: { enabled: true, scale: 0.01 } });
  });
  afterEach(() => {
    sim.control.resetThrottleCounters();
    sim.control.setThrottling({ enabled: true, scale: 0.01 });
    sim.control.setQueryRateLimit(1, null);
  });
  afterAll(() => sim.close());

  async function statuses(key: string, url: string, n: number): Promise<number[]> {
    const api = client(sim, key);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await api.get(url)).status);
    return out;
  }

  it('counts per key: one key being throttled does not affect another', async () => {
    expect(await statuses(DEMO_KEYS.allAccess, '/api/projects/1/cohorts/', 5)).toEqual([200, 200, 200, 200, 429]);
    expect(await statuses(DEMO_KEYS.readOnly, '/api/projects/1/cohorts/', 1)).toEqual([200]);
  });

  it('counts per scope, not per endpoint: the default burst budget is shared across resources and projects', async () => {
    await statuses(DEMO_KEYS.allAccess, '/api/projects/1/cohorts/', 2);
    await statuses(DEMO_KEYS.allAccess, '/api/projects/2/feature_flags/', 2);
    const blocked = await client(sim, DEMO_KEYS.allAccess).get('/api/projects/1/surveys/');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.data.detail).toBe(`Request was throttled. Expected available in ${blocked.headers['retry-after']} seconds.`);
  });

  it('ClickHouse endpoints (insights) have their own, smaller budget', async () => {
    expect(await statuses(DEMO_KEYS.allAccess, '/api/projects/1/insights/', 3)).toEqual([200, 200, 429]);
    // Insights carry only the ClickHouse throttles, so the default budget is still whole.
    expect(await statuses(DEMO_KEYS.allAccess, '/api/projects/1/cohorts/', 5)).toEqual([200, 200, 200, 200, 429]);
  });

  it('users/@me is never throttled', async () => {
    const results = await statuses(DEMO_KEYS.allAccess, '/api/users/@me/', 12);
    expect(results.every((s) => s === 200)).toBe(true);
  });

  it('the window slides: after the minute passes the key may call again', async () => {
    expect(await statuses(DEMO_KEYS.allAccess, '/api/projects/1/cohorts/', 5)).toEqual([200, 200, 200, 200, 429]);
    sim.control.advanceClock(61_000);
    expect(await statuses(DEMO_KEYS.allAccess, '/api/projects/1/cohorts/', 1)).toEqual([200]);
  });

  it('requests refused by permissions never reach the throttle, so they spend no budget', async () => {
    const key = sim.control.addKey({ scopes: ['notebook:read'] });
    expect(await statuses(key.value, '/api/projects/1/cohorts/', 10)).toEqual(Array(10).fill(403));
    sim.control.updateKey(key.id, { scopes: ['cohort:read'] });
    expect(await statuses(key.value, '/api/projects/1/cohorts/', 5)).toEqual([200, 200, 200, 200, 429]);
  });

  it('HogQL queries use the project override of api_query_rate_limit', async () => {
    sim.control.setThrottling({ scale: 1 });
    sim.control.setQueryRateLimit(1, '2/hour');
    const api = client(sim, DEMO_KEYS.allAccess);
    const query = { query: { kind: 'HogQLQuery', query: 'SELECT 1 OFFSET 1' } };
    // OFFSET is rejected by the handler, after throttling, so these still spend the hourly budget.
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await api.post('/api/projects/1/query/', query));
    expect(results.map((r) => r.status)).toEqual([400, 400, 429]);
    const retryAfter = Number(results[2].headers['retry-after']);
    // 2/hour with the oldest request a moment ago: wait ≈ 3600 s / 1 remaining slot.
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // The counter is per key and scope, the rate per project: project 2 (default 120/hour) still lets the key in.
    const other = await api.post('/api/projects/2/query/', query);
    expect(other.status).toBe(400);
  });

  it('throttling can be switched off and back on', async () => {
    sim.control.setThrottling({ enabled: false });
    expect((await statuses(DEMO_KEYS.allAccess, '/api/projects/1/cohorts/', 8)).every((s) => s === 200)).toBe(true);
    sim.control.setThrottling({ enabled: true });
    expect(await statuses(DEMO_KEYS.allAccess, '/api/projects/1/cohorts/', 5)).toEqual([200, 200, 200, 200, 429]);
  });

  it('the control API toggles throttling over HTTP too', async () => {
    const raw = client(sim);
    expect((await raw.patch('/_sim/throttling', { enabled: false })).data).toEqual({ enabled: false, scale: 0.01 });
    expect((await raw.get('/_sim/throttling')).data.enabled).toBe(false);
    expect((await raw.patch('/_sim/throttling', { scale: -1 })).status).toBe(400);
  });

  it('the request log records which throttle answered', async () => {
    sim.control.clearRequests();
    await statuses(DEMO_KEYS.allAccess, '/api/projects/1/insights/', 3);
    const throttled = sim.control.requests({ path: '/api/projects/1/insights/' }).filter((r) => r.status === 429);
    expect(throttled.map((r) => r.throttledBy)).toEqual(['clickhouse_burst']);
  });
});
