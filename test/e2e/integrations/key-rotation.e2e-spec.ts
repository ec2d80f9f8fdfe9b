import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import request from 'supertest';
import { parseKeyring, SecretBox } from '../../../libs/crypto/src/index.js';
import { integrationSecretAad } from '../../../src/modules/integrations/entities/integration.entity.js';
import { createWorkspace, type WorkspaceFixture } from '../../support/factories.js';
import { DEMO_KEYS, DEMO_PROJECT_ID, startSimulator, type PostHogSimulator } from '../../support/simulator.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { startTestApp, TEST_ENCRYPTION_KEYS, testEnv, testKey, type TestApp } from '../../support/test-app.js';

const run = promisify(execFile);
// Each CLI run boots Nest in a fresh node process (a few seconds); some tests run several.
const CLI_TIMEOUT = 180_000;

// K1 is what every other test uses (`test1:…`); K2 is the new key rotated to.
const K1_ONLY = TEST_ENCRYPTION_KEYS;
const K2_ONLY = `test2:${testKey('findry-test-key-2')}`;
const K2_THEN_K1 = `${K2_ONLY},${K1_ONLY}`;
const K1_THEN_K2 = `${K1_ONLY},${K2_ONLY}`;
const API_KEY = DEMO_KEYS.allAccess;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface IntegrationRow {
  id: string;
  workspace_id: string;
  status: string;
  access_token_ciphertext: string | null;
  encryption_key_id: string | null;
  updated_at: Date;
}

interface AuditRow {
  workspace_id: string;
  actor_id: string | null;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
}

/**
 * One database, several app instances and CLI runs, as an operator would rotate: connect under K1, add K2 in
 * front, run `keys:rotate`, then drop K1 from the key list and check every connection still decrypts.
 */
describe('encryption key rotation (e2e)', () => {
  let db: TestDatabase;
  let dataDir: string;
  let sim: PostHogSimulator;
  let t: TestApp | undefined;
  const ws: WorkspaceFixture[] = [];
  /** Every CLI and app log output of this file, to check the PostHog key never leaks into one. */
  const outputs: string[] = [];

  const boot = async (keys: string): Promise<TestApp> => {
    t = await startTestApp({ db, env: { FINDRY_ENCRYPTION_KEYS: keys } });
    return t;
  };
  const shutdown = async () => {
    if (!t) return;
    outputs.push(t.logs.text);
    await t.close();
    t = undefined;
  };

  const cli = async (args: string[], keys: string): Promise<CliResult> => {
    const env = { ...process.env, ...testEnv(dataDir, { DATABASE_URL: db.url, FINDRY_ENCRYPTION_KEYS: keys }), NODE_OPTIONS: '' };
    let result: CliResult;
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', '@oxc-node/core/register', 'src/cli.ts', ...args], { env, cwd: process.cwd(), timeout: 60_000 });
      result = { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      result = { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const rowOf = async (w: WorkspaceFixture) =>
    (await sql<IntegrationRow>("select * from integrations where workspace_id = $1 and provider = 'posthog'", [w.workspaceId]))[0]!;
  const rowsOf = (list: WorkspaceFixture[]) => Promise.all(list.map(rowOf));
  const reencryptedAudit = () =>
    sql<AuditRow>("select workspace_id, actor_id, target_type, target_id, details from audit_log where action = 'integration.secrets_reencrypted' order by id");

  const http = () => request(t!.app.getHttpServer());
  const auth = (w: WorkspaceFixture) => ({ authorization: `Bearer ${w.admin.token}` });
  const connect = (w: WorkspaceFixture) =>
    http().put(`/api/v1/workspaces/${w.workspaceId}/integrations/posthog`).set(auth(w)).send({ host: sim.url, projectId: DEMO_PROJECT_ID, apiKey: API_KEY });
  const check = (w: WorkspaceFixture) => http().post(`/api/v1/workspaces/${w.workspaceId}/integrations/posthog/check`).set(auth(w));
  const demoKeyId = () => sim.control.state.findKeyByValue(API_KEY)!.id;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'findry-rotate-'));
    sim = await startSimulator();
  });
  afterAll(async () => {
    await shutdown();
    await sim?.close();
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('an app on K1 stores each workspace’s PostHog key sealed under test1, bound to its row', async () => {
    await boot(K1_ONLY);
    for (const name of ['Alpha', 'Beta', 'Gamma']) {
      const w = await createWorkspace(t!, name);
      const res = await connect(w);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('connected');
      ws.push(w);
    }
    const rows = await rowsOf(ws);
    for (const row of rows) {
      expect(row.encryption_key_id).toBe('test1');
      expect(row.access_token_ciphertext).toMatch(/^v1\.test1\./);
      expect(row.access_token_ciphertext).not.toContain(API_KEY);
    }
    // Same key, three different ciphertexts: random IVs and per-row AAD.
    expect(new Set(rows.map((r) => r.access_token_ciphertext)).size).toBe(3);
    await shutdown();
  });

  it('with K1 removed before rotating, a check shows credentials_unreadable on the tile, calls nobody and keeps the ciphertext', async () => {
    const before = await rowOf(ws[0]!);
    await boot(K2_ONLY);
    sim.control.clearRequests();
    const res = await check(ws[0]!);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      provider: 'posthog',
      status: 'error',
      lastError: { code: 'credentials_unreadable', message: 'The stored PostHog key cannot be decrypted' },
    });
    expect(sim.control.requests()).toEqual([]);
    const after = await rowOf(ws[0]!);
    expect(after).toMatchObject({ status: 'error', encryption_key_id: 'test1', access_token_ciphertext: before.access_token_ciphertext });
    const audit = await http().get(`/api/v1/workspaces/${ws[0]!.workspaceId}/audit-log`).set(auth(ws[0]!));
    expect(audit.body.items[0]).toMatchObject({
      action: 'integration.checked',
      details: { provider: 'posthog', trigger: 'manual', from: 'connected', to: 'error', error: 'credentials_unreadable' },
    });
    // The other workspaces were not checked and still show their last known state.
    const tiles = await http().get(`/api/v1/workspaces/${ws[1]!.workspaceId}/integrations`).set(auth(ws[1]!));
    expect(tiles.body[0].status).toBe('connected');
    await shutdown();
  });

  it('keys:rotate re-encrypts every secret under the active key, with a progress bar on stderr, and audits per workspace', async () => {
    const before = await rowsOf(ws);
    const res = await cli(['keys:rotate'], K2_THEN_K1);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');
    // cli-progress draws the bar at the start and at the end (stderr is not a TTY here).
    expect(res.stderr).toMatch(/Re-encrypting \[░+\] 0\/3 secrets/);
    expect(res.stderr).toMatch(/Re-encrypting \[█+\] 3\/3 secrets/);
    expect(res.stderr).toContain('Re-encrypted 3 secret(s) under key "test2"');
    expect(res.stderr).not.toContain('skipped');

    const after = await rowsOf(ws);
    after.forEach((row, i) => {
      expect(row.encryption_key_id).toBe('test2');
      expect(row.access_token_ciphertext).toMatch(/^v1\.test2\./);
      expect(row.access_token_ciphertext).not.toBe(before[i]!.access_token_ciphertext);
      // Rotation changes the ciphertext only: the error tile from the previous test stays as it was.
      expect(row.status).toBe(before[i]!.status);
    });
    const total = await sql<{ n: string }>("select count(*) as n from integrations where access_token_ciphertext like 'v1.test1.%' or encryption_key_id = 'test1'");
    expect(Number(total[0]!.n)).toBe(0);

    const audit = await reencryptedAudit();
    expect(audit.map((a) => a.workspace_id).sort()).toEqual(ws.map((w) => w.workspaceId).sort());
    for (const entry of audit) {
      expect(entry).toMatchObject({ actor_id: null, target_type: 'integration', details: { activeKeyId: 'test2', count: 1 } });
      expect(Object.keys(entry.details).sort()).toEqual(['activeKeyId', 'count']);
      expect(JSON.stringify(entry)).not.toContain(API_KEY);
      expect(JSON.stringify(entry)).not.toContain('v1.');
    }
  }, CLI_TIMEOUT);

  it('a second run is a no-op: "Nothing to do", nothing rewritten, nothing audited; --json reports the same', async () => {
    const before = await rowsOf(ws);
    const res = await cli(['keys:rotate'], K2_THEN_K1);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('Nothing to do: every secret already uses key "test2"');
    expect(res.stderr).not.toContain('Re-encrypting');
    expect(res.stdout).toBe('');

    const json = await cli(['keys:rotate', '--json'], K2_THEN_K1);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ activeKeyId: 'test2', total: 0, rotated: 0, skipped: 0, failed: [] });
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
    expect(json.stderr).not.toContain('Re-encrypting');

    // K1 gone from the list entirely: still nothing to do (nothing needs K1 any more).
    const withoutK1 = await cli(['keys:rotate'], K2_ONLY);
    expect(withoutK1.code).toBe(0);
    expect(withoutK1.stderr).toContain('Nothing to do');

    const after = await rowsOf(ws);
    expect(after.map((r) => [r.access_token_ciphertext, r.updated_at.toISOString()])).toEqual(before.map((r) => [r.access_token_ciphertext, r.updated_at.toISOString()]));
    expect(await reencryptedAudit()).toHaveLength(3);
  }, CLI_TIMEOUT);

  it('with K1 removed after rotating, every connection decrypts under K2 and checks out connected', async () => {
    await boot(K2_ONLY);
    sim.control.clearRequests();
    for (const w of ws) {
      const res = await check(w);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'connected', projectId: String(DEMO_PROJECT_ID), projectName: 'Demo Project', lastError: null });
    }
    // PostHog saw the original key (decrypted from K2's ciphertext) on every project ping.
    const pings = sim.control.requests({ path: `/api/projects/${DEMO_PROJECT_ID}/` });
    expect(pings).toHaveLength(3);
    expect(pings.every((p) => p.status === 200 && p.keyId === demoKeyId())).toBe(true);
    expect((await rowOf(ws[0]!)).status).toBe('connected');
    // The rotation audit is visible to the workspace admin, with no actor and no secret.
    const audit = await http().get(`/api/v1/workspaces/${ws[1]!.workspaceId}/audit-log`).set(auth(ws[1]!));
    expect(audit.body.items.find((e: { action: string }) => e.action === 'integration.secrets_reencrypted')).toMatchObject({ actorId: null, details: { activeKeyId: 'test2', count: 1 } });
  });

  it('a ciphertext copied into another workspace’s row does not open there (AAD binding): the check fails cleanly', async () => {
    const [a, b] = [await rowOf(ws[0]!), await rowOf(ws[1]!)];
    await sql('update integrations set access_token_ciphertext = $1 where id = $2', [a.access_token_ciphertext, b.id]);
    sim.control.clearRequests();
    const res = await check(ws[1]!);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'error', lastError: { code: 'credentials_unreadable' } });
    expect(sim.control.requests()).toEqual([]);
    // The app is fine, and so is the workspace the ciphertext came from.
    expect((await check(ws[0]!)).body.status).toBe('connected');
    // The admin's way out: reconnect, which seals a fresh ciphertext for this row.
    const fixed = await connect(ws[1]!);
    expect(fixed.status).toBe(200);
    expect(fixed.body.status).toBe('connected');
    const row = await rowOf(ws[1]!);
    expect(row.access_token_ciphertext).toMatch(/^v1\.test2\./);
    expect(row.access_token_ciphertext).not.toBe(a.access_token_ciphertext);
    expect((await check(ws[1]!)).body.status).toBe('connected');
    await shutdown();
  });

  it('an interrupted rotation resumes: only the rows still under the old key are re-encrypted', async () => {
    // Rolled back to K1 first for a while: three new connections are sealed under test1.
    await boot(K1_THEN_K2);
    const more: WorkspaceFixture[] = [];
    for (const name of ['Delta', 'Epsilon', 'Zeta']) {
      const w = await createWorkspace(t!, name);
      expect((await connect(w)).status).toBe(200);
      more.push(w);
    }
    await shutdown();
    ws.push(...more);
    const rows = await rowsOf(more);
    expect(rows.map((r) => r.encryption_key_id)).toEqual(['test1', 'test1', 'test1']);

    // A run that died after its first row: that row is committed under test2, the other two are not.
    const box = new SecretBox(parseKeyring(K2_THEN_K1));
    const done = rows[0]!;
    const resealed = box.reseal(done.access_token_ciphertext!, integrationSecretAad(done.id));
    expect(resealed).toMatch(/^v1\.test2\./);
    await sql("update integrations set access_token_ciphertext = $1, encryption_key_id = 'test2' where id = $2", [resealed, done.id]);
    const auditBefore = (await reencryptedAudit()).length;

    const res = await cli(['keys:rotate', '--json'], K2_THEN_K1);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ activeKeyId: 'test2', total: 2, rotated: 2, skipped: 0, failed: [] });

    const after = await rowsOf(more);
    expect(after.map((r) => r.encryption_key_id)).toEqual(['test2', 'test2', 'test2']);
    expect(after.every((r) => r.access_token_ciphertext!.startsWith('v1.test2.'))).toBe(true);
    // The row the interrupted run finished was left alone.
    expect(after[0]!.access_token_ciphertext).toBe(resealed);
    const newAudit = (await reencryptedAudit()).slice(auditBefore);
    expect(newAudit.map((a) => a.workspace_id).sort()).toEqual([more[1]!.workspaceId, more[2]!.workspaceId].sort());

    const again = await cli(['keys:rotate'], K2_THEN_K1);
    expect(again.stderr).toContain('Nothing to do');
  }, CLI_TIMEOUT);

  it('a secret no configured key opens is named and fails the run (exit 1), after the others are re-encrypted', async () => {
    const [lost, pending] = [await rowOf(ws[4]!), await rowOf(ws[5]!)];
    // `lost` was sealed under a key nobody kept ("test0"); `pending` under K1, which is still configured.
    const test0 = new SecretBox(parseKeyring(`test0:${testKey('findry-test-key-0')}`));
    const k1 = new SecretBox(parseKeyring(K1_ONLY));
    await sql("update integrations set access_token_ciphertext = $1, encryption_key_id = 'test0' where id = $2", [test0.seal(API_KEY, integrationSecretAad(lost.id)), lost.id]);
    await sql("update integrations set access_token_ciphertext = $1, encryption_key_id = 'test1' where id = $2", [k1.seal(API_KEY, integrationSecretAad(pending.id)), pending.id]);
    const lostBefore = (await rowOf(ws[4]!)).access_token_ciphertext;

    const res = await cli(['keys:rotate'], K2_THEN_K1);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Re-encrypted 1 secret(s) under key "test2"');
    expect(res.stderr).toContain(`Error (rotation_incomplete): 1 secret(s) could not be decrypted with any configured key: ${lost.id}`);
    expect((await rowOf(ws[5]!)).encryption_key_id).toBe('test2');
    expect(await rowOf(ws[4]!)).toMatchObject({ encryption_key_id: 'test0', access_token_ciphertext: lostBefore });

    const json = await cli(['keys:rotate', '--json'], K2_THEN_K1);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ activeKeyId: 'test2', total: 1, rotated: 0, skipped: 0, failed: [{ integrationId: lost.id, code: 'secret_unknown_key' }] });

    // Reconnecting replaces the lost secret; then the rotation is complete and every connection works on K2 alone.
    await boot(K2_ONLY);
    expect((await check(ws[4]!)).body).toMatchObject({ status: 'error', lastError: { code: 'credentials_unreadable' } });
    expect((await connect(ws[4]!)).body.status).toBe('connected');
    for (const w of ws) expect((await check(w)).body.status).toBe('connected');
    await shutdown();
    const done = await cli(['keys:rotate'], K2_ONLY);
    expect(done.code).toBe(0);
    expect(done.stderr).toContain('Nothing to do: every secret already uses key "test2"');
  }, CLI_TIMEOUT);

  it('the PostHog key never appears in any CLI output or app log', () => {
    // Non-vacuous: the CLI ran and the apps logged.
    expect(outputs.join('\n')).toContain('Re-encrypted');
    expect(outputs.join('\n')).toContain('integration stored');
    for (const text of outputs) {
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(API_KEY.slice(4));
    }
  });
});
