import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import axios, { AxiosError } from 'axios';
import { DEMO_KEYS, type PostHogSimulator } from '../src/index.js';
import { client, startTestSimulator } from './sim-test.helpers.js';

async function failureCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof AxiosError ? error.code : String(error);
  }
}

describe('fault injection', () => {
  let sim: PostHogSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator({ throttling: { enabled: false } });
  });
  afterEach(() => {
    sim.control.clearFaults();
  });
  afterAll(() => sim.close());

  const api = () => client(sim, DEMO_KEYS.allAccess);

  it('status: a fixed status with body and headers, once by default', async () => {
    sim.control.addFault({ method: 'GET', path: '/api/projects/1/', type: 'status', status: 503, body: { detail: 'maintenance' }, headers: { 'Retry-After': '7' } });
    const faulted = await api().get('/api/projects/1/');
    expect(faulted.status).toBe(503);
    expect(faulted.data).toEqual({ detail: 'maintenance' });
    expect(faulted.headers['retry-after']).toBe('7');
    expect((await api().get('/api/projects/1/')).status).toBe(200);
  });

  it('status: a string body is sent verbatim, no body sends an empty one', async () => {
    sim.control.addFault({ path: '/api/projects/1/cohorts', type: 'status', status: 502, body: '<html>Bad gateway</html>', headers: { 'Content-Type': 'text/html' } });
    sim.control.addFault({ path: '/api/projects/1/cohorts', type: 'status', status: 500 });
    const html = await api().get('/api/projects/1/cohorts/', { responseType: 'text' });
    expect([html.status, html.data, html.headers['content-type']]).toEqual([502, '<html>Bad gateway</html>', 'text/html']);
    const empty = await api().get('/api/projects/1/cohorts/', { responseType: 'text' });
    expect([empty.status, empty.data]).toEqual([500, '']);
  });

  it('times: N applies to the next N matching requests, then the route is healthy', async () => {
    const fault = sim.control.addFault({ method: 'GET', path: '/api/projects/1/surveys/', type: 'status', status: 500, times: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await api().get('/api/projects/1/surveys/')).status);
    expect(statuses).toEqual([500, 500, 500, 200, 200]);
    expect(sim.control.listFaults().find((f) => f.id === fault.id)).toMatchObject({ remaining: 0, hits: 3 });
  });

  it('times: always keeps failing until removed', async () => {
    const fault = sim.control.addFault({ path: '/api/projects/1/feature_flags/*', type: 'status', status: 504, times: 'always' });
    for (let i = 0; i < 4; i++) expect((await api().get(`/api/projects/1/feature_flags/20${i + 1}/`)).status).toBe(504);
    expect(sim.control.removeFault(fault.id)).toBe(true);
    expect((await api().get('/api/projects/1/feature_flags/201/')).status).toBe(200);
  });

  it('matches by method and by exact path or * glob; the query string and trailing slash are ignored', async () => {
    sim.control.addFault({ method: 'POST', path: '/api/projects/1/annotations', type: 'status', status: 500, times: 'always' });
    sim.control.addFault({ method: 'GET', path: '/api/projects/*/event_definitions', type: 'status', status: 418, times: 'always' });
    expect((await api().get('/api/projects/1/annotations/')).status).toBe(200);
    expect((await api().post('/api/projects/1/annotations/', { content: 'x' })).status).toBe(500);
    expect((await api().get('/api/projects/2/event_definitions/?search=x')).status).toBe(418);
    expect((await api().get('/api/projects/2/event_definitions/123/')).status).toBe(404);
  });

  it('latency delays the answer, which is otherwise normal', async () => {
    sim.control.addFault({ path: '/api/projects/1/', type: 'latency', ms: 400 });
    const started = Date.now();
    const response = await api().get('/api/projects/1/');
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(response.status).toBe(200);
    expect(response.data.name).toBe('Demo Project');
  });

  it('hang: the server never answers, so the client hits its own timeout', async () => {
    sim.control.addFault({ path: '/api/projects/1/', type: 'hang' });
    const started = Date.now();
    const code = await failureCode(axios.get(`${sim.url}/api/projects/1/`, { timeout: 300, headers: { Authorization: `Bearer ${DEMO_KEYS.allAccess}` } }));
    expect(code).toBe('ECONNABORTED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // The fault was used up; the next request is answered.
    expect((await api().get('/api/projects/1/')).status).toBe(200);
  });

  it('reset: the connection is destroyed and the client sees ECONNRESET', async () => {
    sim.control.addFault({ method: 'POST', path: '/api/projects/1/query/', type: 'reset' });
    const code = await failureCode(axios.post(`${sim.url}/api/projects/1/query/`, { query: { kind: 'HogQLQuery', query: 'SELECT 1' } }, { headers: { Authorization: `Bearer ${DEMO_KEYS.allAccess}` } }));
    expect(code).toBe('ECONNRESET');
  });

  it('throttle: a PostHog 429 with the given Retry-After', async () => {
    sim.control.addFault({ path: '/api/projects/1/cohorts/', type: 'throttle', retryAfter: 17, times: 2 });
    const first = await api().get('/api/projects/1/cohorts/');
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('17');
    expect(first.data).toEqual({ type: 'throttled_error', code: 'throttled', detail: 'Request was throttled. Expected available in 17 seconds.', attr: null });
    expect((await api().get('/api/projects/1/cohorts/')).status).toBe(429);
    expect((await api().get('/api/projects/1/cohorts/')).status).toBe(200);
  });

  it('faults are listed, cleared, and logged in the request log', async () => {
    sim.control.clearRequests();
    sim.control.addFault({ path: '/api/users/@me/', type: 'status', status: 500, times: 'always' });
    sim.control.addFault({ path: '/api/projects/', type: 'latency', ms: 1 });
    expect(sim.control.listFaults()).toHaveLength(2);
    await api().get('/api/users/@me/');
    const [entry] = sim.control.requests({ path: '/api/users/@me/' });
    expect(entry).toMatchObject({ status: 500, fault: 'status', keyMask: 'phx_...cess' });
    expect(sim.control.clearFaults()).toBe(2);
    expect((await api().get('/api/users/@me/')).status).toBe(200);
  });

  it('the /_sim/faults HTTP API adds, lists and clears faults and validates input', async () => {
    const raw = client(sim);
    const created = await raw.post('/_sim/faults', { method: 'GET', path: '/api/projects/', type: 'status', status: 500, times: 2 });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ id: expect.any(String), method: 'GET', remaining: 2, hits: 0 });
    expect((await raw.get('/_sim/faults')).data.faults).toHaveLength(1);
    expect((await raw.post('/_sim/faults', { path: 'no-slash', type: 'status', status: 500 })).status).toBe(400);
    expect((await raw.post('/_sim/faults', { path: '/x', type: 'explode' })).status).toBe(400);
    expect((await raw.delete(`/_sim/faults/${created.data.id}`)).status).toBe(204);
    expect((await raw.delete('/_sim/faults')).data).toEqual({ cleared: 0 });
  });

  it('close() also ends hung connections', async () => {
    const other = await startTestSimulator();
    other.control.addFault({ path: '/api/projects/1/', type: 'hang', times: 'always' });
    const pending = failureCode(axios.get(`${other.url}/api/projects/1/`, { headers: { Authorization: `Bearer ${DEMO_KEYS.allAccess}` } }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.close();
    expect(await pending).toBeDefined();
  });
});
