import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Module } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import { loadConfig } from '../../../config/index.js';
import { createApp } from '../../../src/bootstrap/create-app.js';
import { INTEGRATION_PLUGINS } from '../../../src/modules/integrations/plugins/plugins.js';
import { IntegrationProviderRegistry } from '../../../src/modules/integrations/provider/integration-provider.registry.js';
import type { IntegrationProvider } from '../../../src/modules/integrations/provider/integration-provider.js';
import { addMember, createWorkspace, type Actor, type WorkspaceFixture } from '../../support/factories.js';
import { FAKE_GOOD_KEY, FAKE_PLUGIN, FAKE_PROVIDER_KEY, FakeProvider } from '../../support/fake-provider.js';
import { LogCapture } from '../../support/log-capture.js';
import { startTestApp, testEnv, type TestApp } from '../../support/test-app.js';

/** A second plugin class that claims the fake's key: two plugins must not share one. */
@Injectable()
class ShadowProvider extends FakeProvider {}
@Module({ providers: [ShadowProvider], exports: [ShadowProvider] })
class ShadowModule {}

interface Row {
  id: string;
  provider: string;
  status: string;
  host: string;
  external_project_id: string;
  access_token_ciphertext: string | null;
  encryption_key_id: string | null;
  settings: Record<string, boolean>;
}

interface AuditItem {
  action: string;
  actorId: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

const ACME_HOST = 'https://acme.example.test';

describe('integration providers: a second, test-only provider through the same core (e2e)', () => {
  let t: TestApp;
  let ws: WorkspaceFixture;
  let member: Actor;
  let fake: FakeProvider;

  const http = () => request(t.app.getHttpServer());
  const base = (provider = FAKE_PROVIDER_KEY) => `/api/v1/workspaces/${ws.workspaceId}/integrations/${provider}`;
  const asAdmin = () => ({ authorization: `Bearer ${ws.admin.token}` });

  async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const fakeRow = async () => (await sql<Row>('select * from integrations where workspace_id = $1 and provider = $2', [ws.workspaceId, FAKE_PROVIDER_KEY]))[0];
  const audit = async (): Promise<AuditItem[]> => {
    const res = await http().get(`/api/v1/workspaces/${ws.workspaceId}/audit-log`).query({ limit: 100 }).set(asAdmin());
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const tileOf = async (provider: string) => {
    const res = await http().get(`/api/v1/workspaces/${ws.workspaceId}/integrations`).set(asAdmin());
    expect(res.status).toBe(200);
    return res.body.find((x: { provider: string }) => x.provider === provider);
  };

  beforeAll(async () => {
    t = await startTestApp({ plugins: [...INTEGRATION_PLUGINS, FAKE_PLUGIN] });
    fake = t.app.get(FakeProvider);
    ws = await createWorkspace(t, 'Catalogue');
    member = await addMember(t, ws, 'member');
  });
  afterAll(() => t?.close());
  beforeEach(() => fake.reset());

  it('the catalogue lists both providers, with capabilities, credential fields (secret flagged), settings and surfaces', async () => {
    expect((await http().get('/api/v1/integrations/providers')).status).toBe(401);
    const res = await http().get('/api/v1/integrations/providers').set('authorization', `Bearer ${member.token}`);
    expect(res.status).toBe(200);
    expect(res.body.map((p: { key: string }) => p.key)).toEqual(['posthog', FAKE_PROVIDER_KEY]);
    const acme = res.body[1];
    expect(acme).toEqual({
      key: FAKE_PROVIDER_KEY,
      displayName: 'Acme Analytics',
      description: expect.any(String),
      capabilities: ['connection_validator'],
      credentialFields: [
        { key: 'host', label: 'Acme host', type: 'url', required: true, secret: false, maxLength: 255 },
        { key: 'apiKey', label: 'Acme API key', type: 'string', required: true, secret: true, maxLength: 100 },
      ],
      settingFields: [{ key: 'syncEnabled', label: 'Sync dashboards nightly', type: 'boolean', default: false }],
      surfaces: [
        { key: 'dashboards', label: 'Dashboards', requiredScopes: ['dashboard:read'] },
        { key: 'exports', label: 'Exports', requiredScopes: ['export:write'] },
      ],
    });
    const posthog = res.body[0];
    expect(posthog.capabilities).toContain('connection_validator');
    expect(posthog.credentialFields.filter((f: { secret: boolean }) => f.secret).map((f: { key: string }) => f.key)).toEqual(['apiKey']);
  });

  it('tiles list both providers as not_connected, with their own default settings and no readiness', async () => {
    const res = await http().get(`/api/v1/workspaces/${ws.workspaceId}/integrations`).set('authorization', `Bearer ${member.token}`);
    expect(res.status).toBe(200);
    expect(res.body.map((x: { provider: string; status: string }) => [x.provider, x.status])).toEqual([
      ['posthog', 'not_connected'],
      [FAKE_PROVIDER_KEY, 'not_connected'],
    ]);
    expect(res.body[1]).toMatchObject({ displayName: 'Acme Analytics', host: null, projectId: null, settings: { syncEnabled: false }, readiness: null, missingScopes: {}, lastError: null });
    expect(res.body[0].settings).toEqual({ annotationsEnabled: true });
  });

  it("the core validates the body against the fake's declared fields, not PostHog's", async () => {
    const missing = await http().put(base()).set(asAdmin()).send({ host: ACME_HOST });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect(missing.body.details).toEqual([{ field: 'apiKey', problems: ['apiKey is required'] }]);
    // projectId is a PostHog field; for this provider it is an unknown property.
    const foreign = await http().put(base()).set(asAdmin()).send({ host: ACME_HOST, apiKey: FAKE_GOOD_KEY, projectId: 1 });
    expect(foreign.status).toBe(400);
    expect(foreign.body.details).toEqual([{ field: 'projectId', problems: ['property projectId should not exist'] }]);
    expect(fake.calls).toEqual([]);
    expect(await fakeRow()).toBeUndefined();
  });

  it("a key the fake refuses comes back as 422 with the fake's own code and hint, and stores nothing", async () => {
    const res = await http().put(base()).set(asAdmin()).send({ host: ACME_HOST, apiKey: 'bad-key' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      statusCode: 422,
      code: 'acme_key_rejected',
      message: 'Acme Analytics rejected the API key',
      hint: 'Create a new key in Acme Analytics → Settings → API.',
    });
    expect(JSON.stringify(res.body)).not.toContain('bad-key');
    expect(fake.calls).toEqual([{ method: 'validateCredentials', input: { host: ACME_HOST, apiKey: 'bad-key' }, ctx: { interactive: true } }]);
    expect(await fakeRow()).toBeUndefined();
    expect((await tileOf(FAKE_PROVIDER_KEY)).status).toBe('not_connected');
  });

  it('members cannot connect', async () => {
    const res = await http().put(base()).set('authorization', `Bearer ${member.token}`).send({ host: ACME_HOST, apiKey: FAKE_GOOD_KEY });
    expect(res.status).toBe(403);
    expect(fake.calls).toEqual([]);
    expect(await fakeRow()).toBeUndefined();
  });

  it('the project picker hands the fake only its secret and url fields', async () => {
    const res = await http().post(`${base()}/projects`).set(asAdmin()).send({ host: ACME_HOST, apiKey: FAKE_GOOD_KEY });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ projects: [{ id: 'acme-1', name: 'Acme Workspace' }, { id: 'acme-2', name: 'Acme Sandbox' }] });
    expect(fake.calls).toEqual([{ method: 'listProjects', input: { host: ACME_HOST, apiKey: FAKE_GOOD_KEY }, ctx: { interactive: true } }]);
    const refused = await http().post(`${base()}/projects`).set(asAdmin()).send({ host: ACME_HOST, apiKey: 'nope' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('acme_key_rejected');
  });

  it('connects: tile connected with readiness from its scopes, secret encrypted at rest, audited without the secret', async () => {
    const res = await http().put(base()).set(asAdmin()).send({ host: `${ACME_HOST}/`, apiKey: FAKE_GOOD_KEY });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      provider: FAKE_PROVIDER_KEY,
      displayName: 'Acme Analytics',
      status: 'connected',
      host: ACME_HOST,
      projectId: 'acme-1',
      projectName: 'Acme Workspace',
      settings: { syncEnabled: false },
      readiness: { dashboards: 'ready', exports: 'blocked' },
      missingScopes: { exports: ['export:write'] },
      lastError: null,
    });
    expect(JSON.stringify(res.body)).not.toContain(FAKE_GOOD_KEY);

    const row = (await fakeRow())!;
    expect(row).toMatchObject({ status: 'connected', host: ACME_HOST, external_project_id: 'acme-1', encryption_key_id: 'test1', settings: { syncEnabled: false } });
    expect(row.access_token_ciphertext).toMatch(/^v1\.test1\./);
    expect(row.access_token_ciphertext).not.toContain(FAKE_GOOD_KEY);
    expect(row.access_token_ciphertext).not.toContain(Buffer.from(FAKE_GOOD_KEY).toString('base64url'));

    const entries = await audit();
    const connected = entries.find((e) => e.action === 'integration.connected');
    expect(connected).toMatchObject({ actorId: ws.admin.userId, targetId: row.id, details: { provider: FAKE_PROVIDER_KEY, host: ACME_HOST, projectId: 'acme-1' } });
    expect(JSON.stringify(entries)).not.toContain(FAKE_GOOD_KEY);
    expect(t.logs.text).not.toContain(FAKE_GOOD_KEY);

    // The other provider's tile is untouched.
    expect((await tileOf('posthog')).status).toBe('not_connected');
  });

  it('check: the fake decrypts what the core stored; a revoked key turns the tile to error with its code, a good one back', async () => {
    const ok = await http().post(`${base()}/check`).set(asAdmin());
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'connected', lastError: null });
    const row = (await fakeRow())!;
    // The plugin sees the connection reference only, never a secret, and opens the stored ciphertext itself.
    expect(fake.calls).toEqual([
      { method: 'revalidate', connection: { integrationId: row.id, workspaceId: ws.workspaceId, host: ACME_HOST, externalProjectId: 'acme-1' }, ctx: { interactive: true } },
    ]);
    expect(fake.opened).toEqual([FAKE_GOOD_KEY]);

    fake.revoked = true;
    const failing = await http().post(`${base()}/check`).set(asAdmin());
    expect(failing.status).toBe(200);
    expect(failing.body).toMatchObject({ status: 'error', lastError: { code: 'acme_key_rejected', message: 'Acme Analytics rejected the API key' } });
    expect((await fakeRow())!.status).toBe('error');
    expect((await tileOf(FAKE_PROVIDER_KEY)).status).toBe('error');

    fake.revoked = false;
    const back = await http().post(`${base()}/check`).set(asAdmin());
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'connected', lastError: null });

    const checks = (await audit()).filter((e) => e.action === 'integration.checked').reverse();
    expect(checks.map((e) => e.details)).toEqual([
      { provider: FAKE_PROVIDER_KEY, trigger: 'manual', from: 'connected', to: 'connected' },
      { provider: FAKE_PROVIDER_KEY, trigger: 'manual', from: 'connected', to: 'error', error: 'acme_key_rejected' },
      { provider: FAKE_PROVIDER_KEY, trigger: 'manual', from: 'error', to: 'connected' },
    ]);
    expect(checks.every((e) => e.actorId === ws.admin.userId)).toBe(true);
  });

  it("settings: the fake's own setting changes and is audited; another provider's setting is refused", async () => {
    const res = await http().patch(`${base()}/settings`).set(asAdmin()).send({ syncEnabled: true });
    expect(res.status).toBe(200);
    expect(res.body.settings).toEqual({ syncEnabled: true });
    expect((await fakeRow())!.settings).toEqual({ syncEnabled: true });
    const changed = (await audit()).find((e) => e.action === 'integration.settings_changed');
    expect(changed?.details).toEqual({ provider: FAKE_PROVIDER_KEY, before: { syncEnabled: false }, after: { syncEnabled: true } });

    const foreign = await http().patch(`${base()}/settings`).set(asAdmin()).send({ annotationsEnabled: false });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'annotationsEnabled', problems: ['property annotationsEnabled should not exist'] }] });
    const notBool = await http().patch(`${base()}/settings`).set(asAdmin()).send({ syncEnabled: 'yes' });
    expect(notBool.status).toBe(400);
    expect((await fakeRow())!.settings).toEqual({ syncEnabled: true });
  });

  it('disconnect drops the secret and keeps the row (idempotent); check then conflicts; reconnect reuses the row and settings', async () => {
    const before = (await fakeRow())!;
    const res = await http().delete(base()).set(asAdmin());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ provider: FAKE_PROVIDER_KEY, status: 'disconnected', readiness: null, settings: { syncEnabled: true } });
    expect(res.body.disconnectedAt).toEqual(expect.any(String));
    const row = (await fakeRow())!;
    expect(row).toMatchObject({ id: before.id, status: 'disconnected', access_token_ciphertext: null, encryption_key_id: null });

    const again = await http().delete(base()).set(asAdmin());
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('disconnected');
    expect((await audit()).filter((e) => e.action === 'integration.disconnected')).toEqual([
      expect.objectContaining({ actorId: ws.admin.userId, targetId: before.id, details: { provider: FAKE_PROVIDER_KEY, projectId: 'acme-1' } }),
    ]);

    const check = await http().post(`${base()}/check`).set(asAdmin());
    expect(check.status).toBe(409);
    expect(check.body.code).toBe('integration_not_connected');
    expect(fake.calls).toEqual([]);

    const reconnect = await http().put(base()).set(asAdmin()).send({ host: ACME_HOST, apiKey: FAKE_GOOD_KEY });
    expect(reconnect.status).toBe(200);
    expect(reconnect.body).toMatchObject({ status: 'connected', settings: { syncEnabled: true } });
    const after = (await fakeRow())!;
    expect(after.id).toBe(before.id);
    expect(after.access_token_ciphertext).toMatch(/^v1\.test1\./);
    expect((await audit())[0]).toMatchObject({ action: 'integration.reconnected', targetId: before.id });
  });

  it('an unknown provider is a 404 unknown_provider on every route, naming the known ones', async () => {
    const routes = [
      http().put(base('nope')).set(asAdmin()).send({ host: ACME_HOST, apiKey: FAKE_GOOD_KEY }),
      http().post(`${base('nope')}/projects`).set(asAdmin()).send({}),
      http().post(`${base('nope')}/check`).set(asAdmin()),
      http().patch(`${base('nope')}/settings`).set(asAdmin()).send({ syncEnabled: true }),
      http().delete(base('nope')).set(asAdmin()),
    ];
    for (const res of await Promise.all(routes)) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'unknown_provider', message: 'There is no integration provider "nope"' });
      expect(res.body.details).toEqual({ known: ['posthog', FAKE_PROVIDER_KEY] });
    }
    expect(fake.calls).toEqual([]);
  });

  describe('the registry refuses a bad catalogue at boot', () => {
    const fakeWith = (key: string) => Object.assign(Object.create(FakeProvider.prototype) as FakeProvider, { key }) as IntegrationProvider;

    it('two providers sharing a key', () => {
      expect(() => new IntegrationProviderRegistry([fakeWith('acme-analytics'), fakeWith('acme-analytics')])).toThrow('Two integration providers share the key "acme-analytics"');
      expect(new IntegrationProviderRegistry([fakeWith('acme-analytics'), fakeWith('acme-other')]).list().map((p) => p.key)).toEqual(['acme-analytics', 'acme-other']);
    });

    it('a malformed key', () => {
      for (const key of ['Bad Key', 'acme_analytics', 'x', '9lives', '']) {
        expect(() => new IntegrationProviderRegistry([fakeWith(key)])).toThrow(`Integration provider key "${key}" must be a lower-case slug`);
      }
    });

    it('the app does not start when two plugins claim the same key', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'findry-dup-'));
      const logs = new LogCapture();
      try {
        const config = loadConfig(testEnv(dataDir, { DATABASE_URL: t.db.url }));
        const boot = createApp(config, { databaseUrl: t.db.url, logDestination: logs, plugins: [...INTEGRATION_PLUGINS, FAKE_PLUGIN, { module: ShadowModule, provider: ShadowProvider }] });
        await expect(boot).rejects.toThrow('Two integration providers share the key "acme-analytics"');
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
});
