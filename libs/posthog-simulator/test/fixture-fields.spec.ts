import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AxiosInstance } from 'axios';
import { DEMO_KEYS, DEMO_PROJECT_TOKEN, DEMO_SURVEY_IDS, type PostHogSimulator } from '../src/index.js';
import { client, fixture, missingFields, startTestSimulator } from './sim-test.helpers.js';

type Json = Record<string, unknown>;
const first = (page: unknown) => ((page as { results: Json[] }).results ?? [])[0];

describe('responses carry every field of the PostHog fixtures', () => {
  let sim: PostHogSimulator;
  let api: AxiosInstance;

  beforeAll(async () => {
    sim = await startTestSimulator();
    api = client(sim, DEMO_KEYS.allAccess);
  });
  afterAll(() => sim.close());

  const listCases: [string, string][] = [
    ['projects_list.json', '/api/projects/'],
    ['cohorts_list.json', '/api/projects/1/cohorts/'],
    ['feature_flags_list.json', '/api/projects/1/feature_flags/'],
    ['surveys_list.json', '/api/projects/1/surveys/'],
    ['annotations_list.json', '/api/projects/1/annotations/'],
    ['event_definitions_list.json', '/api/projects/1/event_definitions/'],
    ['insights_list_basic.json', '/api/projects/1/insights/?basic=true'],
  ];

  it.each(listCases)('%s ← GET %s: envelope and result fields', async (name, url) => {
    const expected = fixture(name);
    const response = await api.get(url);
    expect(response.status).toBe(200);
    expect(missingFields(response.data, expected)).toEqual([]);
    expect((response.data as { results: unknown[] }).results.length).toBeGreaterThan(0);
    for (const result of (response.data as { results: Json[] }).results) {
      expect(missingFields(result, first(expected))).toEqual([]);
    }
    const createdBy = first(expected).created_by;
    if (createdBy) expect(missingFields(first(response.data).created_by, createdBy as Json)).toEqual([]);
  });

  const detailCases: [string, string, string][] = [
    ['project_retrieve.json', '/api/projects/1/', DEMO_KEYS.allAccess],
    ['users_me.json', '/api/users/@me/', DEMO_KEYS.allAccess],
    // Any valid key may read itself, even one without a single relevant scope.
    ['personal_api_key_current.json', '/api/personal_api_keys/@current/', DEMO_KEYS.noScopes],
    ['survey_retrieve.json', `/api/projects/1/surveys/${DEMO_SURVEY_IDS.nps}/`, DEMO_KEYS.allAccess],
  ];

  it.each(detailCases)('%s ← GET %s', async (name, url, key) => {
    const response = await client(sim, key).get(url);
    expect(response.status).toBe(200);
    expect(missingFields(response.data, fixture(name))).toEqual([]);
  });

  it('users/@me nests team, organization and organizations with the fixture fields', async () => {
    const expected = fixture('users_me.json') as { team: Json; organization: Json & { teams: Json[] }; organizations: Json[] };
    const { data } = await api.get('/api/users/@me/');
    expect(missingFields(data.team, expected.team)).toEqual([]);
    expect(missingFields(data.organization, expected.organization)).toEqual([]);
    expect(missingFields(data.organization.teams[0], expected.organization.teams[0])).toEqual([]);
    expect(missingFields(data.organizations[0], expected.organizations[0])).toEqual([]);
    expect(data.team.id).toBe(1);
  });

  it('the current key shows its scopes and never its value', async () => {
    const { data } = await client(sim, DEMO_KEYS.project2Only).get('/api/personal_api_keys/@current/');
    expect(data).toMatchObject({ value: null, mask_value: 'phx_...only', scopes: ['*'], scoped_teams: [2], scoped_organizations: [] });
    expect(JSON.stringify(data)).not.toContain(DEMO_KEYS.project2Only);
  });

  it('survey detail nests the targeting flag and questions of every type', async () => {
    const expected = fixture('survey_retrieve.json') as { internal_targeting_flag: Json };
    const { data } = await api.get(`/api/projects/1/surveys/${DEMO_SURVEY_IDS.nps}/`);
    expect(missingFields(data.internal_targeting_flag, expected.internal_targeting_flag)).toEqual([]);
    const { data: list } = await api.get('/api/projects/1/surveys/');
    const types = new Set((list.results as { questions: { type: string }[] }[]).flatMap((s) => s.questions.map((q) => q.type)));
    expect([...types].sort()).toEqual(['link', 'multiple_choice', 'open', 'rating', 'single_choice']);
  });

  it('annotation_create_response.json ← POST annotation_create_request.json (201)', async () => {
    const request = fixture('annotation_create_request.json');
    const response = await api.post('/api/projects/1/annotations/', request);
    expect(response.status).toBe(201);
    expect(missingFields(response.data, fixture('annotation_create_response.json'))).toEqual([]);
    expect(response.data).toMatchObject({ content: request.content, date_marker: request.date_marker, scope: 'project', creation_type: 'USR', deleted: false });
  });

  it('capture_response_ok.json ← POST /i/v0/e/ with capture_single_request.json', async () => {
    const request = { ...fixture('capture_single_request.json'), api_key: DEMO_PROJECT_TOKEN };
    const response = await client(sim).post('/i/v0/e/', request);
    expect(response.status).toBe(200);
    expect(response.data).toEqual(fixture('capture_response_ok.json'));
  });

  it('capture errors match capture_error_no_token_401.json and capture_error_unknown_token_403.json', async () => {
    const request = fixture('capture_single_request.json');
    const { api_key: _dropped, ...withoutToken } = request;
    const noToken = await client(sim).post('/i/v0/e/', withoutToken);
    expect(noToken.status).toBe(401);
    expect(noToken.data).toEqual(fixture('capture_error_no_token_401.json'));
    const unknown = await client(sim).post('/batch/', fixture('capture_batch_request.json'));
    expect(unknown.status).toBe(403);
    expect(unknown.data).toEqual(fixture('capture_error_unknown_token_403.json'));
  });

  it('query_response_hogql.json ← POST query_request_hogql.json', async () => {
    const response = await api.post('/api/projects/1/query/', fixture('query_request_hogql.json'));
    expect(response.status).toBe(200);
    expect(missingFields(response.data, fixture('query_response_hogql.json'))).toEqual([]);
  });

  it('query_response_hogql_no_limit.json ← a query without LIMIT', async () => {
    const response = await api.post('/api/projects/1/query/', { query: { kind: 'HogQLQuery', query: 'SELECT event FROM events' } });
    expect(response.status).toBe(200);
    expect(missingFields(response.data, fixture('query_response_hogql_no_limit.json'))).toEqual([]);
    expect(response.data).toMatchObject({ hasMore: true, limit: 100, offset: 0 });
  });

  it('query_async_accepted_202.json then query_status_done_200.json for an async query', async () => {
    const accepted = await api.post('/api/projects/1/query/', { query: { kind: 'HogQLQuery', query: 'SELECT count() FROM events' }, refresh: 'force_async' });
    expect(accepted.status).toBe(202);
    const acceptedFixture = fixture('query_async_accepted_202.json') as { query_status: Json };
    expect(missingFields(accepted.data.query_status, acceptedFixture.query_status)).toEqual([]);
    expect(accepted.data.query_status.complete).toBe(false);

    const done = await api.get(`/api/projects/1/query/${accepted.data.query_status.id}/`);
    expect(done.status).toBe(200);
    const doneFixture = fixture('query_status_done_200.json') as { query_status: Json & { results: Json } };
    expect(missingFields(done.data.query_status, doneFixture.query_status)).toEqual([]);
    expect(missingFields(done.data.query_status.results, doneFixture.query_status.results)).toEqual([]);
    expect(done.data.query_status.complete).toBe(true);
  });
});
