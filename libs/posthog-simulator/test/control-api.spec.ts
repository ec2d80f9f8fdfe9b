import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_KEYS, type PostHogSimulator } from '../src/index.js';
import { client, startTestSimulator } from './sim-test.helpers.js';

describe('the /_sim/ control API over HTTP', () => {
  let sim: PostHogSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator({ throttling: { enabled: false } });
  });
  afterAll(() => sim.close());

  const ctl = () => client(sim);

  it('summarises the simulator', async () => {
    const { data } = await ctl().get('/_sim/health');
    expect(data).toMatchObject({ status: 'ok', seed: 'demo', throttling: { enabled: false, scale: 1 } });
    expect(data.projects.map((p: { id: number }) => p.id)).toEqual([1, 2, 999]);
  });

  it('adds a key (returned once), changes its scopes and team scoping, and revokes it', async () => {
    const created = await ctl().post('/_sim/keys', { label: 'ci-key', scopes: ['cohort:read'] });
    expect(created.status).toBe(201);
    const { value, id, mask_value } = created.data;
    expect(value).toMatch(/^phx_/);
    expect(mask_value).toBe(`${value.slice(0, 4)}...${value.slice(-4)}`);
    const asKey = client(sim, value);
    expect((await asKey.get('/api/projects/1/cohorts/')).status).toBe(200);
    expect((await asKey.get('/api/projects/1/surveys/')).status).toBe(403);

    const patched = await ctl().patch(`/_sim/keys/${id}`, { scopes: ['survey:read'], scoped_teams: [2] });
    expect(patched.data).toMatchObject({ scopes: ['survey:read'], scoped_teams: [2] });
    expect((await asKey.get('/api/projects/2/surveys/')).status).toBe(200);
    expect((await asKey.get('/api/projects/1/surveys/')).data.detail).toBe('API key does not have access to the requested project: ID 1.');

    const listed = (await ctl().get('/_sim/keys')).data.keys as Record<string, unknown>[];
    expect(listed.find((k) => k.id === id)).toMatchObject({ label: 'ci-key' });
    expect(JSON.stringify(listed)).not.toContain(value);

    expect((await ctl().delete('/_sim/keys/ci-key')).status).toBe(204);
    expect((await asKey.get('/api/projects/2/surveys/')).status).toBe(401);
    expect((await ctl().delete('/_sim/keys/ci-key')).status).toBe(404);
    expect((await ctl().post('/_sim/keys', { scopes: ['everything'] })).status).toBe(400);
  });

  it('adds events, which update definitions and are listed back', async () => {
    const added = await ctl().post('/_sim/projects/2/events', {
      events: [
        { event: 'control_event', distinct_id: 'ctl-1', timestamp: '2026-03-10T10:00:00Z', properties: { a: 1 } },
        { event: 'control_event', distinct_id: 'ctl-2', timestamp: Date.parse('2026-03-11T10:00:00Z') },
      ],
    });
    expect(added.status).toBe(201);
    expect(added.data.added).toBe(2);
    const listed = await ctl().get('/_sim/projects/2/events?event=control_event');
    expect(listed.data.count).toBe(2);
    expect(listed.data.events[1]).toMatchObject({ distinct_id: 'ctl-2', timestamp: Date.parse('2026-03-11T10:00:00Z'), properties: {} });
    const definitions = await client(sim, DEMO_KEYS.allAccess).get('/api/projects/2/event_definitions/?search=control_event');
    expect(definitions.data.results[0]).toMatchObject({ name: 'control_event', last_seen_at: '2026-03-11T10:00:00Z' });
    expect((await ctl().post('/_sim/projects/2/events', { events: [{ event: 'no id' }] })).status).toBe(400);
    expect((await ctl().post('/_sim/projects/77/events', { events: [] })).status).toBe(404);
  });

  it("sets a project's api_query_rate_limit", async () => {
    const response = await ctl().patch('/_sim/projects/1', { api_query_rate_limit: '10/hour' });
    expect(response.data).toMatchObject({ id: 1, api_query_rate_limit: '10/hour' });
    expect(sim.control.state.projects.get(1)?.api_query_rate_limit).toBe('10/hour');
    expect((await ctl().patch('/_sim/projects/1', { api_query_rate_limit: 'lots' })).status).toBe(400);
    await ctl().patch('/_sim/projects/1', { api_query_rate_limit: null });
  });

  it('logs requests with masked keys only, and counts them per key and path', async () => {
    await ctl().delete('/_sim/requests');
    await client(sim, DEMO_KEYS.readOnly).get('/api/projects/1/cohorts/?search=power');
    await client(sim).get(`/api/projects/1/cohorts/?personal_api_key=${DEMO_KEYS.readOnly}`);
    await client(sim, 'phx_invalid_key_value').get('/api/projects/1/cohorts/');
    const { data } = await ctl().get('/_sim/requests');
    expect(data.requests).toHaveLength(3);
    const [first, second, third] = data.requests;
    expect(first).toMatchObject({ method: 'GET', path: '/api/projects/1/cohorts/', query: { search: 'power' }, status: 200, keyMask: 'phx_...only', keyId: expect.any(String), fault: null });
    expect(second.query).toEqual({ personal_api_key: 'phx_...only' });
    expect(third).toMatchObject({ status: 401, keyId: null, keyMask: 'phx_...alue' });
    const serialized = JSON.stringify(data);
    for (const secret of [DEMO_KEYS.readOnly, 'phx_invalid_key_value']) expect(serialized).not.toContain(secret);

    const counters = (await ctl().get('/_sim/counters')).data.counters as { keyMask: string; path: string; count: number; statuses: Record<string, number> }[];
    const readOnly = counters.find((c) => c.keyMask === 'phx_...only' && c.path === '/api/projects/1/cohorts/');
    expect(readOnly).toMatchObject({ count: 2, statuses: { 200: 2 } });
    expect((await ctl().delete('/_sim/requests')).data.cleared).toBe(3);
  });

  it('advances the clock', async () => {
    const before = sim.control.now();
    const { data } = await ctl().post('/_sim/clock', { advance_ms: 3_600_000 });
    expect(Date.parse(data.now) - before).toBeGreaterThanOrEqual(3_600_000);
  });

  it('resets to the seed: objects, keys, events and faults come back as seeded', async () => {
    const api = client(sim, DEMO_KEYS.allAccess);
    const seededEvents = (await ctl().get('/_sim')).data.projects[0].events;
    await api.post('/api/projects/1/annotations/', { content: 'temporary', scope: 'project' });
    sim.control.revokeKey('demo-read-only');
    sim.control.addFault({ path: '/api/*', type: 'status', status: 500, times: 'always' });
    sim.control.addEvents(1, [{ event: 'extra', distinct_id: 'x' }]);

    const reset = await ctl().post('/_sim/reset', {});
    expect(reset.status).toBe(200);
    expect(reset.data.projects[0].events).toBe(seededEvents);
    expect(sim.control.listFaults()).toEqual([]);
    expect((await client(sim, DEMO_KEYS.readOnly).get('/api/projects/1/')).status).toBe(200);
    const annotations = (await api.get('/api/projects/1/annotations/?search=temporary')).data;
    expect(annotations.count).toBe(0);
    expect(sim.control.events(1).some((e) => e.event === 'extra')).toBe(false);
  });

  it('can switch seeds on reset', async () => {
    const empty = await ctl().post('/_sim/reset', { seed: 'empty' });
    expect(empty.data.seed).toBe('empty');
    expect(empty.data.projects.every((p: { events: number }) => p.events === 0)).toBe(true);
    const api = client(sim, DEMO_KEYS.allAccess);
    expect((await api.get('/api/projects/1/cohorts/')).data.count).toBe(0);
    expect((await api.get('/api/projects/1/')).data.name).toBe('Demo Project');
    expect((await ctl().post('/_sim/reset', { seed: 'nonsense' })).status).toBe(400);
    await ctl().post('/_sim/reset', { seed: 'demo' });
    expect((await api.get('/api/projects/1/cohorts/')).data.count).toBeGreaterThanOrEqual(6);
  });

  it('answers unknown control routes with 404 and wrong methods with 405', async () => {
    expect((await ctl().get('/_sim/nothing')).status).toBe(404);
    expect((await ctl().put('/_sim/faults', {})).status).toBe(405);
    expect((await ctl().post('/_sim/faults', '{oops', { headers: { 'Content-Type': 'application/json' }, transformRequest: (d) => d })).status).toBe(400);
  });
});
