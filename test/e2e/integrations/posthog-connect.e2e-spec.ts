import { createServer, type Server } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import request from 'supertest';
import { addMember, createWorkspace, type Actor, type WorkspaceFixture } from '../../support/factories.js';
import { DEMO_KEYS, startSimulator, type PostHogSimulator } from '../../support/simulator.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

describe('PostHog connection (e2e against the simulator)', () => {
  let sim: PostHogSimulator;
  let t: TestApp;
  let ws: WorkspaceFixture;
  let member: Actor;
  /** Every response body the app sent in this file, to prove no key ever leaks into one. */
  const bodies: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator();
    t = await startTestApp({ env: { FINDRY_OUTBOUND_TIMEOUT_MS: '400', LOG_LEVEL: 'debug' } });
    ws = await createWorkspace(t, 'Acme');
    member = await addMember(t, ws, 'member');
  });
  afterAll(async () => {
    await t.close();
    await sim.close();
  });
  beforeEach(() => sim.control.clearFaults());

  const base = () => `/api/v1/workspaces/${ws.workspaceId}/integrations`;
  const record = (res: request.Response) => (bodies.push(res.text), res);
  const as = (actor: Actor) => ({ authorization: `Bearer ${actor.token}` });
  const connect = async (body: object, actor: Actor = ws.admin) => record(await request(t.app.getHttpServer()).put(`${base()}/posthog`).set(as(actor)).send(body));
  const tiles = async (actor: Actor = ws.admin) => record(await request(t.app.getHttpServer()).get(base()).set(as(actor)));
  const tile = async () => (await tiles()).body.find((x: { provider: string }) => x.provider === 'posthog');
  const good = (overrides: object = {}) => ({ host: sim.url, projectId: 1, apiKey: DEMO_KEYS.allAccess, ...overrides });
  const freshKey = (scopes = ['*']) => sim.control.addKey({ scopes }).value;

  describe('before anything is connected', () => {
    it('shows a not_connected tile to members', async () => {
      const res = await tiles(member);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        expect.objectContaining({ provider: 'posthog', displayName: 'PostHog', status: 'not_connected', host: null, projectId: null, readiness: null, settings: { annotationsEnabled: true }, lastError: null }),
      ]);
    });

    it('lets only admins connect', async () => {
      const res = await connect(good(), member);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('admin_required');
      expect(sim.control.requests()).toHaveLength(0);
    });
  });

  describe('refused input, before any request is sent', () => {
    beforeEach(() => sim.control.clearRequests());
    afterEach(() => expect(sim.control.requests()).toHaveLength(0));

    it('explains that a phc_ project key cannot be used', async () => {
      const res = await connect(good({ apiKey: 'phc_demo_project_token' }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ statusCode: 422, code: 'posthog_project_key', message: expect.stringContaining('Project API key (phc_…), which can only send events'), hint: expect.stringContaining('Personal API key') });
    });

    it.each([
      ['a path', 'https://us.posthog.com/project/1'],
      ['a query', 'https://us.posthog.com?x=1'],
      ['user info', 'https://user:pw@us.posthog.com'],
      ['another scheme', 'ftp://us.posthog.com'],
      ['plain http to a host that is not allowlisted', 'http://posthog.example.com'],
      ['garbage', 'not a host at all'],
    ])('refuses a host with %s as invalid_host', async (_, host) => {
      const res = await connect(good({ host }));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_host');
      expect(res.body.message).toEqual(expect.any(String));
    });

    it('names each bad field of the body with a 400', async () => {
      const res = await connect({ host: sim.url, projectId: 'abc', extra: true });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['apiKey', 'extra', 'projectId']);
    });

    it('refuses an empty key', async () => {
      const res = await connect(good({ apiKey: '   ' }));
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'apiKey', problems: ['apiKey is required'] }]);
    });

    it('refuses a host that resolves to a non-allowlisted address before connecting', async () => {
      // Only 127.0.0.1 is allowlisted in tests; 127.0.0.2 is loopback too, so nothing could leave the machine anyway.
      const res = await connect(good({ host: `https://127.0.0.2:${sim.port}` }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'host_not_allowed', hint: expect.stringContaining('FINDRY_OUTBOUND_ALLOWLIST') });
    });
  });

  describe('errors PostHog (or the network) gives', () => {
    it('401 → posthog_key_rejected', async () => {
      const res = await connect(good({ apiKey: 'phx_not_a_real_key_123' }));
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ statusCode: 422, code: 'posthog_key_rejected', message: 'PostHog rejected the API key', hint: expect.any(String) });
    });

    it('403 for a project outside the key’s reach → posthog_project_not_found', async () => {
      const res = await connect(good({ apiKey: DEMO_KEYS.project2Only, projectId: 1 }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'posthog_project_not_found', message: 'PostHog project 1 not found' });
    });

    it('404 for an unknown project → posthog_project_not_found', async () => {
      const res = await connect(good({ projectId: 999 }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'posthog_project_not_found', message: 'PostHog project 999 not found' });
    });

    it('a key without project:read → posthog_missing_scope naming the scope', async () => {
      const res = await connect(good({ apiKey: DEMO_KEYS.noScopes }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'posthog_missing_scope', message: 'The API key lacks the project:read scope' });
    });

    it('no answer within the timeout → posthog_timeout, without a retry', async () => {
      sim.control.addFault({ path: '/api/projects/1', type: 'hang', times: 'always' });
      sim.control.clearRequests();
      const res = await connect(good());
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'posthog_timeout', message: "Couldn't reach PostHog: network timeout" });
      expect(sim.control.requests({ path: '/api/projects/1/' }).length).toBe(1);
    });

    it('429 → posthog_rate_limited with the Retry-After as hint', async () => {
      sim.control.addFault({ path: '/api/projects/1', type: 'throttle', retryAfter: 42 });
      const res = await connect(good({ apiKey: freshKey() }));
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ statusCode: 422, code: 'posthog_rate_limited', message: "Couldn't reach PostHog: 429", hint: 'Wait 42 seconds and retry.' });
    });

    it('429 without Retry-After → a hint to wait 60 seconds', async () => {
      sim.control.addFault({ path: '/api/projects/1', type: 'status', status: 429, body: { type: 'throttled_error', code: 'throttled', detail: 'Request was throttled.', attr: null } });
      const res = await connect(good({ apiKey: freshKey() }));
      expect(res.body).toMatchObject({ code: 'posthog_rate_limited', hint: 'Wait 60 seconds and retry.' });
    });

    it('5xx → posthog_server_error, without a retry', async () => {
      sim.control.addFault({ path: '/api/projects/1', type: 'status', status: 503, body: 'upstream down', times: 'always' });
      sim.control.clearRequests();
      const res = await connect(good());
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'posthog_server_error', message: 'PostHog answered with a server error (503)' });
      expect(sim.control.requests({ path: '/api/projects/1/' }).length).toBe(1);
    });

    it('a redirect → posthog_redirect naming only the new origin', async () => {
      sim.control.addFault({ path: '/api/projects/1', type: 'status', status: 302, headers: { location: 'https://eu.posthog.com/api/projects/1/?token=secret' } });
      const res = await connect(good());
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'posthog_redirect', message: 'PostHog answered with a redirect to https://eu.posthog.com', hint: 'Use https://eu.posthog.com as the host.' });
      expect(res.text).not.toContain('secret');
    });

    it('a malformed answer → posthog_invalid_response', async () => {
      sim.control.addFault({ path: '/api/projects/1', type: 'status', status: 200, body: { hello: 'world' } });
      const res = await connect(good());
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('posthog_invalid_response');
    });

    it('a dropped connection → posthog_unreachable saying so', async () => {
      sim.control.addFault({ path: '/api/projects/1', type: 'reset' });
      const res = await connect(good());
      expect(res.body).toMatchObject({ code: 'posthog_unreachable', message: expect.stringContaining('connection') });
    });

    it('a refused connection → posthog_unreachable saying so', async () => {
      const closed = await new Promise<number>((resolve) => {
        const srv: Server = createServer();
        srv.listen(0, '127.0.0.1', () => {
          const { port } = srv.address() as { port: number };
          srv.close(() => resolve(port));
        });
      });
      const res = await connect(good({ host: `http://127.0.0.1:${closed}` }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'posthog_unreachable', message: expect.stringContaining('refused the connection') });
    });

    it('a TLS failure → posthog_unreachable saying so', async () => {
      // The simulator speaks plain http, so an https handshake with it fails.
      const res = await connect(good({ host: sim.url.replace('http://', 'https://') }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'posthog_unreachable', message: expect.stringContaining('TLS handshake') });
    });

    it('left the tile untouched by all those failures', async () => {
      expect((await tile()).status).toBe('not_connected');
    });
  });

  describe('connection lifecycle', () => {
    let firstRowId: string;
    const rowOf = async () => {
      const rows = await t.app.get(MikroORM).em.getConnection().execute('select * from integrations where workspace_id = ?', [ws.workspaceId]);
      expect(rows).toHaveLength(1);
      return rows[0] as Record<string, unknown>;
    };

    it('connects with a read-only key, with annotations blocked and the scope to add named', async () => {
      const res = await connect(good({ apiKey: DEMO_KEYS.readOnly, host: `  ${sim.url.toUpperCase()}/ ` }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'connected',
        host: sim.url,
        projectId: '1',
        projectName: 'Demo Project',
        readiness: { pickers: 'ready', surveys: 'ready', annotations: 'blocked', metrics: 'ready' },
        missingScopes: { annotations: ['annotation:write'] },
        lastError: null,
      });
      firstRowId = (await rowOf()).id as string;
    });

    it('renders the tile without a single PostHog call', async () => {
      sim.control.clearRequests();
      for (let i = 0; i < 3; i++) expect((await tiles(member)).status).toBe(200);
      expect(sim.control.requests()).toEqual([]);
      expect((await tile()).projectName).toBe('Demo Project');
    });

    it('keeps the old connection when a replacement fails validation', async () => {
      const res = await connect(good({ apiKey: 'phx_revoked_or_wrong_key' }));
      expect(res.status).toBe(422);
      const now = await tile();
      expect(now).toMatchObject({ status: 'connected', readiness: { annotations: 'blocked' } });
      expect((await rowOf()).id).toBe(firstRowId);
    });

    it('replaces the key after a fresh validation, reusing the row', async () => {
      const res = await connect(good());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'connected', readiness: { pickers: 'ready', surveys: 'ready', annotations: 'ready', metrics: 'ready' }, missingScopes: {} });
      expect((await rowOf()).id).toBe(firstRowId);
    });

    it('re-validates on demand', async () => {
      sim.control.clearRequests();
      const res = await request(t.app.getHttpServer()).post(`${base()}/posthog/check`).set(as(ws.admin));
      record(res);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('connected');
      expect(sim.control.requests().map((r) => r.path)).toEqual(['/api/projects/1/', '/api/personal_api_keys/@current/']);
      expect((await request(t.app.getHttpServer()).post(`${base()}/posthog/check`).set(as(member))).status).toBe(403);
    });

    it('marks the connection as failing, with a hint, when PostHog starts refusing the key, and recovers', async () => {
      const server = t.app.getHttpServer();
      expect(sim.control.revokeKey(DEMO_KEYS.allAccess)).toBe(true);
      const failing = record(await request(server).post(`${base()}/posthog/check`).set(as(ws.admin)));
      expect(failing.status).toBe(200);
      expect(failing.body).toMatchObject({ status: 'error', lastError: { code: 'posthog_key_rejected', message: 'PostHog rejected the API key', hint: expect.any(String), at: expect.any(String) } });
      expect((await tile()).status).toBe('error');
      sim.control.addKey({ value: DEMO_KEYS.allAccess, scopes: ['*'] });
      const back = record(await request(server).post(`${base()}/posthog/check`).set(as(ws.admin)));
      expect(back.body).toMatchObject({ status: 'connected', lastError: null });
    });

    it('changes settings (admins only), validating the body', async () => {
      const server = t.app.getHttpServer();
      expect((await request(server).patch(`${base()}/posthog/settings`).set(as(member)).send({ annotationsEnabled: false })).status).toBe(403);
      const bad = await request(server).patch(`${base()}/posthog/settings`).set(as(ws.admin)).send({ annotationsEnabled: 'no', colour: 'red' });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['annotationsEnabled', 'colour']);
      const ok = record(await request(server).patch(`${base()}/posthog/settings`).set(as(ws.admin)).send({ annotationsEnabled: false }));
      expect(ok.status).toBe(200);
      expect(ok.body.settings).toEqual({ annotationsEnabled: false });
      expect((await tile()).settings).toEqual({ annotationsEnabled: false });
    });

    it('disconnects: drops the ciphertext, keeps the row; a second disconnect is a no-op', async () => {
      const server = t.app.getHttpServer();
      const res = record(await request(server).delete(`${base()}/posthog`).set(as(ws.admin)));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'disconnected', readiness: null, projectId: '1', settings: { annotationsEnabled: false } });
      expect(res.body.disconnectedAt).toEqual(expect.any(String));
      const row = await rowOf();
      expect(row).toMatchObject({ id: firstRowId, status: 'disconnected', access_token_ciphertext: null, encryption_key_id: null });
      const again = record(await request(server).delete(`${base()}/posthog`).set(as(ws.admin)));
      expect(again.status).toBe(200);
      expect(again.body.disconnectedAt).toBe(res.body.disconnectedAt);
      const check = await request(server).post(`${base()}/posthog/check`).set(as(ws.admin));
      expect(check.status).toBe(409);
      expect(check.body.code).toBe('integration_not_connected');
    });

    it('reconnects to the same project on the same row', async () => {
      const res = await connect(good());
      expect(res.body).toMatchObject({ status: 'connected', projectId: '1', previousProjectId: null, disconnectedAt: null, settings: { annotationsEnabled: false } });
      expect((await rowOf()).id).toBe(firstRowId);
    });

    it('reconnects to another project, recording the change', async () => {
      const res = await connect(good({ apiKey: DEMO_KEYS.project2Only, projectId: 2 }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'connected', projectId: '2', projectName: 'Other Project', previousProjectId: '1' });
      expect(res.body.projectChangedAt).toEqual(expect.any(String));
      expect((await rowOf()).id).toBe(firstRowId);
    });

    it('wrote every change to the audit log, without a secret', async () => {
      const res = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${ws.workspaceId}/audit-log?limit=200`).set(as(ws.admin));
      const actions = res.body.items.map((e: { action: string }) => e.action).reverse().filter((a: string) => a.startsWith('integration.'));
      expect(actions).toEqual([
        'integration.connected',
        'integration.replaced',
        'integration.checked',
        'integration.checked',
        'integration.checked',
        'integration.settings_changed',
        'integration.disconnected',
        'integration.reconnected',
        'integration.replaced',
      ]);
      const replaced = res.body.items.find((e: { action: string }) => e.action === 'integration.replaced');
      expect(replaced.details).toEqual({ provider: 'posthog', host: sim.url, projectId: '2', previousProjectId: '1' });
    });
  });

  describe('project picker', () => {
    const projects = (body: object, actor: Actor = ws.admin) => request(t.app.getHttpServer()).post(`${base()}/posthog/projects`).set(as(actor)).send(body).then(record);

    it('lists every project the key can see', async () => {
      const res = await projects({ host: sim.url, apiKey: DEMO_KEYS.allAccess });
      expect(res.status).toBe(200);
      expect(res.body.projects).toEqual(expect.arrayContaining([{ id: '1', name: 'Demo Project' }, { id: '2', name: 'Other Project' }]));
    });

    it('falls back to the key’s own projects when it may not list projects', async () => {
      const res = await projects({ host: sim.url, apiKey: DEMO_KEYS.project2Only });
      expect(res.status).toBe(200);
      expect(res.body.projects).toEqual([{ id: '2', name: 'Other Project' }]);
    });

    it('reports a rejected key and bad input like connect does', async () => {
      expect((await projects({ host: sim.url, apiKey: 'phx_wrong_key_1234' })).body.code).toBe('posthog_key_rejected');
      expect((await projects({ host: sim.url, apiKey: 'phc_demo_project_token' })).body.code).toBe('posthog_project_key');
      const missing = await projects({ host: sim.url });
      expect(missing.status).toBe(400);
      expect(missing.body.details[0].field).toBe('apiKey');
      expect((await projects({ host: sim.url, apiKey: DEMO_KEYS.allAccess }, member)).status).toBe(403);
    });
  });

  describe('secrecy', () => {
    const keys = [DEMO_KEYS.allAccess, DEMO_KEYS.readOnly, DEMO_KEYS.project2Only, 'phx_revoked_or_wrong_key', 'phx_not_a_real_key_123'];

    it('never puts a key in a response body', () => {
      expect(bodies.length).toBeGreaterThan(20);
      for (const key of keys) for (const body of bodies) expect(body).not.toContain(key);
    });

    it('never logs a key', () => {
      expect(t.logs.lines.length).toBeGreaterThan(0);
      for (const key of keys) expect(t.logs.text).not.toContain(key);
      expect(t.logs.text).not.toMatch(/phx_[A-Za-z0-9]/);
    });

    it('never writes a key to the audit log, and stores only ciphertext', async () => {
      const conn = t.app.get(MikroORM).em.getConnection();
      const audit = JSON.stringify(await conn.execute('select * from audit_log'));
      const integrations = JSON.stringify(await conn.execute('select * from integrations'));
      for (const key of keys) {
        expect(audit).not.toContain(key);
        expect(integrations).not.toContain(key);
      }
      const [row] = await conn.execute<{ c: string }[]>('select access_token_ciphertext as c from integrations where workspace_id = ?', [ws.workspaceId]);
      expect(row!.c).toMatch(/^v1\.test1\./);
    });
  });
});
