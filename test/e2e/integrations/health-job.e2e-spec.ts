import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { JobQueue } from '../../../src/common/jobs/job-queue.service.js';
import { IntegrationsService } from '../../../src/modules/integrations/integrations.service.js';
import { INTEGRATION_HEALTH_CHECK_QUEUE } from '../../../src/modules/integrations/jobs/integration-health-check.job.js';
import { IntegrationHealthSweepJob } from '../../../src/modules/integrations/jobs/integration-health-sweep.job.js';
import { createWorkspace, inContext, type WorkspaceFixture } from '../../support/factories.js';
import { startSimulator, type PostHogSimulator } from '../../support/simulator.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * The scheduled re-validation of PostHog connections (pg-boss queue `integration-health-check`), run by two app
 * instances on one database against one simulator. Cron is off in tests: each test calls sweep() itself.
 */

const INTERVAL_HOURS = 6;
const PROJECT_PATH = '/api/projects/1/';
const CURRENT_KEY_PATH = '/api/personal_api_keys/@current/';

interface Connection {
  ws: WorkspaceFixture;
  key: string;
  integrationId: string;
}

interface Tile {
  provider: string;
  status: string;
  lastValidatedAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
}

interface AuditItem {
  action: string;
  actorId: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

let keySeq = 0;
/** The simulator masks keys to their first and last four characters, so each key gets a distinct last four. */
const maskOf = (key: string) => `${key.slice(0, 4)}...${key.slice(-4)}`;
const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('integration health job (e2e)', () => {
  let sim: PostHogSimulator;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let pool: pg.Pool;
  let conns: Connection[];

  const env = { FINDRY_HEALTH_CHECK_INTERVAL_HOURS: String(INTERVAL_HOURS) };

  function freshKey(label: string): string {
    const value = `phx_${randomBytes(16).toString('hex')}${(++keySeq).toString(36).padStart(4, '0')}`;
    sim.control.addKey({ value, label, scopes: ['*'] });
    return value;
  }

  /** Simulator requests made with `key` (faulted and refused requests carry no key id, so match the mask). */
  const callsWith = (key: string, path?: string) => sim.control.requests().filter((r) => r.keyMask === maskOf(key) && (!path || r.path === path));

  async function connect(t: TestApp, label: string): Promise<Connection> {
    const ws = await createWorkspace(a, label);
    const key = freshKey(label);
    const res = await request(t.app.getHttpServer())
      .put(`/api/v1/workspaces/${ws.workspaceId}/integrations/posthog`)
      .set('authorization', `Bearer ${ws.admin.token}`)
      .send({ host: sim.url, projectId: 1, apiKey: key });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('connected');
    const { rows } = await pool.query<{ id: string }>(`select id from integrations where workspace_id = $1 and provider = 'posthog'`, [ws.workspaceId]);
    return { ws, key, integrationId: rows[0].id };
  }

  async function tile(t: TestApp, c: Connection): Promise<Tile> {
    const res = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${c.ws.workspaceId}/integrations`).set('authorization', `Bearer ${c.ws.admin.token}`);
    expect(res.status).toBe(200);
    return (res.body as Tile[]).find((x) => x.provider === 'posthog')!;
  }

  async function auditOf(c: Connection, action: string): Promise<AuditItem[]> {
    const res = await request(a.app.getHttpServer()).get(`/api/v1/workspaces/${c.ws.workspaceId}/audit-log`).set('authorization', `Bearer ${c.ws.admin.token}`);
    expect(res.status).toBe(200);
    return (res.body.items as AuditItem[]).filter((i) => i.action === action);
  }

  /**
   * Nothing is due; then only `ids` are, validated (and, if they failed since, failed) `age` ago.
   * Returns their (stale) last_validated_at.
   */
  async function makeDue(ids: string[], age = '2 days'): Promise<Map<string, Date>> {
    await pool.query('update integrations set last_validated_at = now()');
    const { rows } = await pool.query<{ id: string; last_validated_at: Date }>(
      `update integrations set last_validated_at = now() - $2::interval,
         last_error_at = case when last_error_at is null then null else now() - $2::interval end
       where id = any($1::uuid[]) returning id, last_validated_at`,
      [ids, age],
    );
    return new Map(rows.map((r) => [r.id, r.last_validated_at]));
  }

  async function row(id: string) {
    const { rows } = await pool.query<{ status: string; access_token_ciphertext: string | null; last_validated_at: Date | null; last_error_code: string | null; disconnected_at: Date | null }>(
      'select status, access_token_ciphertext, last_validated_at, last_error_code, disconnected_at from integrations where id = $1',
      [id],
    );
    return rows[0];
  }

  const sweepBoth = async (rounds = 1) => sum(await Promise.all(Array.from({ length: rounds }, () => [a, b].map((t) => t.app.get(IntegrationHealthSweepJob).sweep())).flat()));
  const drainBoth = () => Promise.all([a, b].map((t) => t.app.get(JobQueue).drain(INTEGRATION_HEALTH_CHECK_QUEUE)));

  beforeAll(async () => {
    sim = await startSimulator();
    db = await createTestDatabase();
    // One after the other: both apply the same migrations to the shared database.
    a = await startTestApp({ db, env });
    b = await startTestApp({ db, env });
    pool = new pg.Pool({ connectionString: db.url, max: 3 });
    conns = [await connect(a, 'sweep-0'), await connect(b, 'sweep-1'), await connect(a, 'sweep-2')];
  });

  afterAll(async () => {
    await pool?.end();
    await b?.close();
    await a?.close();
    await db?.drop();
    await sim?.close();
  });

  it('checks each due connection exactly once although both instances sweep, together and again while checks are in flight', async () => {
    const ids = conns.map((c) => c.integrationId);
    const stale = await makeDue(ids);
    sim.control.clearRequests();

    // Hold the rows so no check can finish (each one calls PostHog, then waits to write its outcome): every
    // sweep below sees all three still due, the worst case for duplicate checks.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('select id from integrations where id = any($1::uuid[]) for update', [ids]);
      expect(await sweepBoth()).toBe(ids.length);
      await until('a check to reach PostHog', () => sim.control.requests({ path: CURRENT_KEY_PATH }).length > 0);
      expect(await sweepBoth(2)).toBe(0);
    } finally {
      await locker.query('commit').catch(() => undefined);
      await locker.end();
    }
    await drainBoth();

    for (const c of conns) {
      expect(callsWith(c.key, PROJECT_PATH).map((r) => r.status)).toEqual([200]);
      expect(callsWith(c.key, CURRENT_KEY_PATH).map((r) => r.status)).toEqual([200]);
      const after = await row(c.integrationId);
      expect(after.status).toBe('connected');
      expect(after.last_validated_at!.getTime()).toBeGreaterThan(stale.get(c.integrationId)!.getTime());
    }

    const jobs = await pool.query<{ state: string; singleton_key: string; data: { integrationId: string } }>(
      'select state, singleton_key, data from pgboss.job where name = $1 and singleton_key = any($2::text[])',
      [INTEGRATION_HEALTH_CHECK_QUEUE, ids],
    );
    expect(jobs.rows).toHaveLength(3);
    expect(jobs.rows.every((j) => j.state === 'completed')).toBe(true);
    expect(jobs.rows.map((j) => j.singleton_key).sort()).toEqual([...ids].sort());
    expect(jobs.rows.every((j) => j.data.integrationId === j.singleton_key)).toBe(true);

    // Across both instances' logs, each connection was checked once.
    const checked = [a, b]
      .flatMap((t) => t.logs.lines)
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as { msg?: string; outcome?: string; integrationId?: string }];
        } catch {
          return [];
        }
      })
      .filter((l) => l.msg === 'integration health check' && l.outcome === 'checked' && ids.includes(l.integrationId!));
    expect(checked.map((l) => l.integrationId).sort()).toEqual([...ids].sort());
  });

  it('moves a connection whose key PostHog rejects to error without disconnecting it, and back to connected once the key works again', async () => {
    const [revoked, ...others] = conns;
    const ids = conns.map((c) => c.integrationId);
    expect(sim.control.revokeKey(revoked.key)).toBe(true);
    const stale = await makeDue(ids);
    sim.control.clearRequests();
    const startedAt = Date.now();

    expect(await sweepBoth()).toBe(ids.length);
    await drainBoth();

    expect(callsWith(revoked.key, PROJECT_PATH).map((r) => r.status)).toEqual([401]);
    expect(callsWith(revoked.key, CURRENT_KEY_PATH)).toHaveLength(0);
    const failed = await tile(b, revoked);
    expect(failed.status).toBe('error');
    expect(failed.lastError).toMatchObject({ code: 'posthog_key_rejected', message: 'PostHog rejected the API key' });
    expect(Date.parse(failed.lastError!.at)).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(Date.parse(failed.lastValidatedAt!)).toBe(stale.get(revoked.integrationId)!.getTime());
    // Never disconnected on its own: the sealed key stays so a later check can recover.
    const stored = await row(revoked.integrationId);
    expect(stored).toMatchObject({ status: 'error', last_error_code: 'posthog_key_rejected', disconnected_at: null });
    expect(stored.access_token_ciphertext).toEqual(expect.any(String));

    for (const c of others) {
      expect(callsWith(c.key, PROJECT_PATH).map((r) => r.status)).toEqual([200]);
      expect(await tile(a, c)).toMatchObject({ status: 'connected', lastError: null });
    }
    const toError = await auditOf(revoked, 'integration.checked');
    expect(toError[0]).toMatchObject({
      actorId: null,
      targetId: revoked.integrationId,
      details: { provider: 'posthog', trigger: 'schedule', from: 'connected', to: 'error', error: 'posthog_key_rejected' },
    });

    // The same key value works again (as if PostHog accepted it once more).
    sim.control.addKey({ value: revoked.key, label: 'restored', scopes: ['*'] });
    await makeDue([revoked.integrationId]);
    sim.control.clearRequests();
    expect(await sweepBoth()).toBe(1);
    await drainBoth();

    expect(callsWith(revoked.key, PROJECT_PATH).map((r) => r.status)).toEqual([200]);
    const recovered = await tile(a, revoked);
    expect(recovered).toMatchObject({ status: 'connected', lastError: null });
    expect(Date.parse(recovered.lastValidatedAt!)).toBeGreaterThanOrEqual(startedAt - 1000);
    const checks = await auditOf(revoked, 'integration.checked');
    expect(checks).toHaveLength(2);
    expect(checks[0].details).toMatchObject({ trigger: 'schedule', from: 'error', to: 'connected' });
  });

  it('records a transient PostHog failure as lastError but keeps the connection connected', async () => {
    const c = conns[1];
    const stale = await makeDue([c.integrationId]);
    const auditBefore = (await auditOf(c, 'integration.checked')).length;
    sim.control.clearRequests();
    const fault = sim.control.addFault({
      method: 'GET',
      path: PROJECT_PATH,
      type: 'status',
      status: 503,
      body: { type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null },
      times: 'always',
    });
    try {
      expect(await sweepBoth()).toBe(1);
      await drainBoth();
    } finally {
      sim.control.removeFault(fault.id);
    }

    const attempts = callsWith(c.key, PROJECT_PATH);
    // Only this connection was due, so every faulted request was its check (background calls retry 5xx).
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    expect(attempts.every((r) => r.status === 503)).toBe(true);
    const t = await tile(b, c);
    expect(t.status).toBe('connected');
    expect(t.lastError).toMatchObject({ code: 'posthog_server_error', message: 'PostHog answered with a server error (503)' });
    expect(Date.parse(t.lastError!.at)).not.toBeNaN();
    expect(Date.parse(t.lastValidatedAt!)).toBe(stale.get(c.integrationId)!.getTime());
    // Status unchanged, so a scheduled check leaves no audit entry.
    expect(await auditOf(c, 'integration.checked')).toHaveLength(auditBefore);

    // The next check that gets through clears the error.
    await makeDue([c.integrationId]);
    sim.control.clearRequests();
    expect(await sweepBoth()).toBe(1);
    await drainBoth();
    expect(callsWith(c.key, PROJECT_PATH).map((r) => r.status)).toEqual([200]);
    expect(await tile(a, c)).toMatchObject({ status: 'connected', lastError: null });
  });

  it(`skips connections validated within the configured interval (${INTERVAL_HOURS} h) and checks older ones`, async () => {
    const c = conns[2];
    const fresh = await makeDue([c.integrationId], `${INTERVAL_HOURS - 1} hours`);
    sim.control.clearRequests();

    expect(await sweepBoth(2)).toBe(0);
    expect(await inContext(b, () => b.app.get(IntegrationsService).runHealthCheck(c.integrationId))).toBe('skipped');
    await drainBoth();
    expect(callsWith(c.key)).toHaveLength(0);
    expect((await row(c.integrationId)).last_validated_at!.getTime()).toBe(fresh.get(c.integrationId)!.getTime());

    // Just past the configured interval (well inside the 24 h default) it is due.
    await makeDue([c.integrationId], `${INTERVAL_HOURS + 1} hours`);
    expect(await sweepBoth()).toBe(1);
    await drainBoth();
    expect(callsWith(c.key, PROJECT_PATH).map((r) => r.status)).toEqual([200]);
  });

  it('never checks a disconnected integration', async () => {
    const c = await connect(b, 'disconnected');
    const res = await request(a.app.getHttpServer()).delete(`/api/v1/workspaces/${c.ws.workspaceId}/integrations/posthog`).set('authorization', `Bearer ${c.ws.admin.token}`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('disconnected');
    await makeDue([c.integrationId], '30 days');
    sim.control.clearRequests();

    expect(await inContext(a, () => a.app.get(IntegrationsService).dueForHealthCheck())).not.toContain(c.integrationId);
    expect(await sweepBoth(2)).toBe(0);
    expect(await inContext(a, () => a.app.get(IntegrationsService).runHealthCheck(c.integrationId, { force: true }))).toBe('skipped');
    await drainBoth();

    expect(callsWith(c.key)).toHaveLength(0);
    expect(await row(c.integrationId)).toMatchObject({ status: 'disconnected', access_token_ciphertext: null });
  });
});
