import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import axios from 'axios';
import { DEMO_KEYS, DEMO_ORGANIZATION_ID, DEMO_PROJECT_TOKEN, type PostHogSimulator } from '../src/index.js';
import { client, fixture, startTestSimulator } from './sim-test.helpers.js';

type Envelope = { type: string; code: string; detail: string; attr: string | null };
const ERRORS = fixture<Record<string, Envelope>>('errors.json');

describe('every error in errors.json can be produced', () => {
  let sim: PostHogSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterEach(() => {
    sim.control.setThrottling({ enabled: true, scale: 1 });
    sim.control.resetThrottleCounters();
  });
  afterAll(() => sim.close());

  const asAll = () => client(sim, DEMO_KEYS.allAccess);

  it('401_missing_credentials', async () => {
    const response = await client(sim).get('/api/projects/1/');
    expect(response.status).toBe(401);
    expect(response.data).toEqual(ERRORS['401_missing_credentials']);
    expect(response.headers['www-authenticate']).toBe(`Bearer resource_metadata="${sim.url}/.well-known/oauth-protected-resource"`);
  });

  it('401_invalid_personal_api_key', async () => {
    const response = await client(sim, 'phx_not_a_real_key_123').get('/api/projects/1/');
    expect(response.status).toBe(401);
    expect(response.data).toEqual(ERRORS['401_invalid_personal_api_key']);
    expect(response.headers['www-authenticate']).toContain('resource_metadata=');
  });

  it('403_missing_scope', async () => {
    const response = await client(sim, DEMO_KEYS.noScopes).get('/api/projects/1/surveys/');
    expect(response.status).toBe(403);
    expect(response.data).toEqual(ERRORS['403_missing_scope']);
  });

  it('403_project_not_in_key_scope (project 999 exists, the key is scoped to project 2)', async () => {
    const response = await client(sim, DEMO_KEYS.project2Only).get('/api/projects/999/cohorts/');
    expect(response.status).toBe(403);
    expect(response.data).toEqual(ERRORS['403_project_not_in_key_scope']);
  });

  it('403_org_not_in_key_scope (project 999 belongs to organization …bb)', async () => {
    const key = sim.control.addKey({ label: 'org-scoped', scopes: ['*'], scoped_organizations: [DEMO_ORGANIZATION_ID] });
    const response = await client(sim, key.value).get('/api/projects/999/cohorts/');
    expect(response.status).toBe(403);
    expect(response.data).toEqual(ERRORS['403_org_not_in_key_scope']);
  });

  it("403_not_project_member (the demo user is not in project 999's organization)", async () => {
    const response = await asAll().get('/api/projects/999/cohorts/');
    expect(response.status).toBe(403);
    expect(response.data).toEqual(ERRORS['403_not_project_member']);
  });

  it('403_endpoint_not_for_pat (a method with no DRF action)', async () => {
    const response = await asAll().put('/api/projects/1/cohorts/', {});
    expect(response.status).toBe(403);
    expect(response.data).toEqual(ERRORS['403_endpoint_not_for_pat']);
  });

  it('404_object', async () => {
    const response = await asAll().get('/api/projects/1/cohorts/99999/');
    expect(response.status).toBe(404);
    expect(response.data).toEqual(ERRORS['404_object']);
  });

  it('404_project, nested and direct', async () => {
    for (const url of ['/api/projects/12345/cohorts/', '/api/projects/12345/', '/api/projects/abc/feature_flags/']) {
      const response = await asAll().get(url);
      expect({ url, status: response.status, body: response.data }).toEqual({ url, status: 404, body: ERRORS['404_project'] });
    }
  });

  it('400_validation_field', async () => {
    const response = await asAll().post('/api/projects/1/feature_flags/', { name: 'No key' });
    expect(response.status).toBe(400);
    expect(response.data).toEqual(ERRORS['400_validation_field']);
  });

  it('400_hogql_offset_blocked', async () => {
    const response = await asAll().post('/api/projects/1/query/', {
      query: { kind: 'HogQLQuery', query: 'SELECT event FROM events ORDER BY timestamp LIMIT 10 OFFSET 10' },
    });
    expect(response.status).toBe(400);
    expect(response.data).toEqual(ERRORS['400_hogql_offset_blocked']);
  });

  it('429_throttled (burst limit scaled down to 4/minute)', async () => {
    sim.control.setThrottling({ scale: 0.01 });
    const api = client(sim, DEMO_KEYS.readOnly);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.get('/api/projects/1/cohorts/')).status);
    const response = await api.get('/api/projects/1/cohorts/');
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(response.status).toBe(429);
    const expected = ERRORS['429_throttled'];
    expect(response.data).toEqual({ ...expected, detail: 'Request was throttled. Expected available in 60 seconds.' });
    expect(response.headers['retry-after']).toBe('60');
  });
});

describe('authentication and permission details', () => {
  let sim: PostHogSimulator;

  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());

  it('reports where the invalid key was found: body, then query string', async () => {
    const body = await client(sim).post('/api/projects/1/annotations/', { personal_api_key: 'phx_wrong', content: 'x' });
    expect(body.status).toBe(401);
    expect(body.data.detail).toBe('Personal API key found in request body is invalid.');
    const query = await client(sim).get('/api/projects/1/cohorts/?personal_api_key=phx_wrong');
    expect(query.status).toBe(401);
    expect(query.data.detail).toBe('Personal API key found in request query string is invalid.');
  });

  it('accepts a valid key from the body or the query string', async () => {
    const body = await client(sim).post('/api/projects/1/annotations/', { personal_api_key: DEMO_KEYS.allAccess, content: 'from body', scope: 'project' });
    expect(body.status).toBe(201);
    const query = await client(sim).get(`/api/projects/1/cohorts/?personal_api_key=${DEMO_KEYS.readOnly}`);
    expect(query.status).toBe(200);
  });

  it('tries only the first candidate: the Bearer header wins over a body key', async () => {
    const ok = await client(sim, DEMO_KEYS.allAccess).post('/api/projects/1/annotations/', { personal_api_key: 'phx_wrong', content: 'y', scope: 'project' });
    expect(ok.status).toBe(201);
    const bad = await client(sim, 'phx_wrong').post('/api/projects/1/annotations/', { personal_api_key: DEMO_KEYS.allAccess, content: 'z' });
    expect(bad.status).toBe(401);
    expect(bad.data.detail).toBe('Personal API key found in request Authorization header is invalid.');
  });

  it('refuses a project token (phc_) sent as a Bearer key with 401', async () => {
    const response = await client(sim, DEMO_PROJECT_TOKEN).get('/api/projects/1/');
    expect(response.status).toBe(401);
    expect(response.data).toEqual(ERRORS['401_invalid_personal_api_key']);
  });

  it('malformed JSON is a DRF parse error, whether the key is in the header or elsewhere', async () => {
    const headers = { 'Content-Type': 'application/json' };
    const withHeader = await client(sim, DEMO_KEYS.allAccess).post('/api/projects/1/annotations/', '{"content": ', { headers, transformRequest: (d) => d });
    expect(withHeader.status).toBe(400);
    expect(withHeader.data).toEqual({ type: 'invalid_request', code: 'parse_error', detail: 'JSON parse error - Expecting value: line 1 column 13 (char 12)', attr: null });
    const viaQuery = await client(sim).post(`/api/projects/1/annotations/?personal_api_key=${DEMO_KEYS.allAccess}`, "{'single': 1}", { headers, transformRequest: (d) => d });
    expect(viaQuery.status).toBe(400);
    expect(viaQuery.data.detail).toBe('JSON parse error - Expecting property name enclosed in double quotes: line 1 column 2 (char 1)');
  });

  it('DELETE on cohorts, flags, annotations and insights is 405 with an empty body', async () => {
    const api = client(sim, DEMO_KEYS.allAccess);
    for (const url of ['/api/projects/1/cohorts/101/', '/api/projects/1/feature_flags/201/', '/api/projects/1/annotations/3001/', '/api/projects/1/insights/4001/']) {
      const response = await api.delete(url, { responseType: 'text' });
      expect({ url, status: response.status, body: response.data }).toEqual({ url, status: 405, body: '' });
    }
    expect((await api.get('/api/projects/1/cohorts/101/')).status).toBe(200);
  });

  it('DELETE needs the write scope before it is refused', async () => {
    const response = await client(sim, DEMO_KEYS.readOnly).delete('/api/projects/1/cohorts/101/');
    expect(response.status).toBe(403);
    expect(response.data.detail).toBe("API key missing required scope 'cohort:write'");
  });

  it('unknown /api/ paths are 404 "Endpoint not found." even without credentials', async () => {
    const response = await client(sim).get('/api/projects/1/no_such_thing/');
    expect(response.status).toBe(404);
    expect(response.data).toEqual({ type: 'invalid_request', code: 'not_found', detail: 'Endpoint not found.', attr: null });
  });

  it('a write scope grants read; read does not grant write', async () => {
    const writer = sim.control.addKey({ scopes: ['survey:write'] });
    expect((await client(sim, writer.value).get('/api/projects/1/surveys/')).status).toBe(200);
    const reader = await client(sim, DEMO_KEYS.readOnly).post('/api/projects/1/annotations/', { content: 'nope' });
    expect(reader.status).toBe(403);
    expect(reader.data.detail).toBe("API key missing required scope 'annotation:write'");
  });

  it('a project-scoped key: its project works, others are refused, the project list is refused, @me is exempt', async () => {
    const api = client(sim, DEMO_KEYS.project2Only);
    expect((await api.get('/api/projects/2/')).status).toBe(200);
    expect((await api.get('/api/projects/2/surveys/')).status).toBe(200);
    const other = await api.get('/api/projects/1/');
    expect(other.status).toBe(403);
    expect(other.data.detail).toBe('API key does not have access to the requested project: ID 1.');
    const list = await api.get('/api/projects/');
    expect(list.status).toBe(403);
    expect(list.data.detail).toBe('API keys with scoped projects are only supported on project-based endpoints.');
    expect((await api.get('/api/users/@me/')).status).toBe(200);
  });

  it('a key may only read itself on personal_api_keys', async () => {
    const response = await client(sim, DEMO_KEYS.allAccess).get('/api/personal_api_keys/');
    expect(response.status).toBe(403);
    expect(response.data.detail).toBe('This action does not support Personal API Key access');
  });

  it('a revoked key stops working at once', async () => {
    const key = sim.control.addKey({ label: 'short-lived' });
    expect((await client(sim, key.value).get('/api/projects/1/')).status).toBe(200);
    sim.control.revokeKey(key.id);
    expect((await client(sim, key.value).get('/api/projects/1/')).status).toBe(401);
  });

  it('the environments alias answers like /api/projects/ and flags the deprecation', async () => {
    const response = await axios.get(`${sim.url}/api/environments/1/cohorts/`, { headers: { Authorization: `Bearer ${DEMO_KEYS.allAccess}` } });
    expect(response.status).toBe(200);
    expect(response.headers.deprecation).toBe('true');
    expect(response.headers.link).toBe('</api/projects/1/cohorts/>; rel="successor-version"');
  });
});
