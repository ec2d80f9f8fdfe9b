import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { THROTTLES } from '../../../libs/posthog-simulator/src/throttle/throttle-classes.js';
import { parseRate } from '../../../libs/posthog-simulator/src/throttle/throttle.js';
import { budgetKeyOf } from '../../../src/modules/integrations/plugins/posthog/posthog.client.js';
import { postHogThrottleClasses } from '../../../src/modules/integrations/plugins/posthog/posthog-rate-limits.js';
import { createWorkspace, type WorkspaceFixture } from '../../support/factories.js';
import { startSimulator, type PostHogSimulator } from '../../support/simulator.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * Findry's outbound budget for PostHog, shared by two app instances through Postgres: a 429 pauses the key for
 * every instance until Retry-After, and the local budget keeps Findry under PostHog's own throttles.
 */

const PROJECT_PATH = '/api/projects/1/';
const RATE_LIMITED = { statusCode: 422, code: 'posthog_rate_limited', message: "Couldn't reach PostHog: 429" };
const HINT = /^Wait (\d+) seconds and retry\.$/;
const THROTTLED_BODY = { type: 'throttled_error', code: 'throttled', detail: 'Request was throttled. Expected available in 20 seconds.', attr: null };

let keySeq = 0;
/** The simulator masks keys to their first and last four characters, so each key gets a distinct last four. */
const maskOf = (key: string) => `${key.slice(0, 4)}...${key.slice(-4)}`;

function freshKey(sim: PostHogSimulator, label: string): string {
  const value = `phx_${randomBytes(16).toString('hex')}${(++keySeq).toString(36).padStart(4, '0')}`;
  sim.control.addKey({ value, label, scopes: ['*'] });
  return value;
}

/** Faulted and throttled requests carry no key id in the log, so requests are matched by the key's mask. */
const callsWith = (sim: PostHogSimulator, key: string) => sim.control.requests().filter((r) => r.keyMask === maskOf(key));

const connect = (t: TestApp, ws: WorkspaceFixture, sim: PostHogSimulator, apiKey: string) =>
  request(t.app.getHttpServer())
    .put(`/api/v1/workspaces/${ws.workspaceId}/integrations/posthog`)
    .set('authorization', `Bearer ${ws.admin.token}`)
    .send({ host: sim.url, projectId: 1, apiKey });

const check = (t: TestApp, ws: WorkspaceFixture) =>
  request(t.app.getHttpServer()).post(`/api/v1/workspaces/${ws.workspaceId}/integrations/posthog/check`).set('authorization', `Bearer ${ws.admin.token}`).send();

const hintSeconds = (body: { hint?: string }) => Number(HINT.exec(body.hint ?? '')?.[1] ?? NaN);

async function tileStatus(t: TestApp, ws: WorkspaceFixture) {
  const res = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${ws.workspaceId}/integrations`).set('authorization', `Bearer ${ws.admin.token}`);
  expect(res.status).toBe(200);
  return (res.body as { provider: string; status: string; lastError: unknown }[]).find((x) => x.provider === 'posthog')!;
}

/** Two instances on one fresh database; the caller drops it after closing them. */
async function startPair(env: Record<string, string> = {}): Promise<{ db: TestDatabase; a: TestApp; b: TestApp }> {
  const db = await createTestDatabase();
  // One after the other: both apply the same migrations to the shared database.
  const a = await startTestApp({ db, env });
  const b = await startTestApp({ db, env });
  return { db, a, b };
}

describe('PostHog rate budget (e2e): a 429 storm', () => {
  let sim: PostHogSimulator;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let workspaces: WorkspaceFixture[];

  beforeAll(async () => {
    sim = await startSimulator();
    ({ db, a, b } = await startPair());
    workspaces = [];
    for (let i = 0; i < 4; i++) workspaces.push(await createWorkspace(a, `storm-${i}`));
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
    await sim?.close();
  });

  afterEach(() => sim.control.clearFaults());

  it('pauses the key for every instance after one 429: twenty concurrent connects send nothing more', async () => {
    const key = freshKey(sim, 'storm');
    sim.control.addFault({ method: 'GET', path: PROJECT_PATH, type: 'throttle', retryAfter: 30, times: 'always' });

    const first = await connect(a, workspaces[0], sim, key);
    expect(first.status).toBe(422);
    expect(first.body).toEqual({ ...RATE_LIMITED, hint: 'Wait 30 seconds and retry.' });
    expect(callsWith(sim, key).map((r) => [r.path, r.status])).toEqual([[PROJECT_PATH, 429]]);

    const storm = await Promise.all(Array.from({ length: 20 }, (_, i) => connect(i % 2 ? b : a, workspaces[i % workspaces.length], sim, key)));
    for (const res of storm) {
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject(RATE_LIMITED);
      // What is left of the 30 s pause, rounded up.
      expect(hintSeconds(res.body)).toBeGreaterThanOrEqual(1);
      expect(hintSeconds(res.body)).toBeLessThanOrEqual(30);
    }
    // Only the first request ever reached PostHog.
    expect(callsWith(sim, key)).toHaveLength(1);
    for (const ws of workspaces) expect((await tileStatus(b, ws)).status).toBe('not_connected');

    // The pause lives in the shared table, under a digest of the key, never the key itself.
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const { rows } = await pool.query<{ key: string }>('select key from outbound_rate_limits');
      expect(rows.some((r) => r.key.includes(budgetKeyOf(key)) && r.key.includes('pause'))).toBe(true);
      expect(rows.some((r) => r.key.includes(key))).toBe(false);
    } finally {
      await pool.end();
    }

    // Even once PostHog would answer again, the key stays paused until Retry-After has passed.
    sim.control.clearFaults();
    const stillPaused = await connect(b, workspaces[1], sim, key);
    expect(stillPaused.status).toBe(422);
    expect(stillPaused.body).toMatchObject(RATE_LIMITED);
    expect(callsWith(sim, key)).toHaveLength(1);
  });

  it('pauses per key: another key connects while the first is paused', async () => {
    const paused = freshKey(sim, 'paused');
    sim.control.addFault({ method: 'GET', path: PROJECT_PATH, type: 'throttle', retryAfter: 30, times: 1 });
    expect((await connect(b, workspaces[2], sim, paused)).body).toMatchObject(RATE_LIMITED);
    expect(sim.control.listFaults()[0].remaining).toBe(0);

    const other = freshKey(sim, 'other');
    const res = await connect(a, workspaces[2], sim, other);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('connected');
    expect(callsWith(sim, other).map((r) => r.status)).toEqual([200, 200]);

    // …while the first key is still refused on both instances without a request.
    for (const t of [a, b]) expect((await connect(t, workspaces[3], sim, paused)).body).toMatchObject(RATE_LIMITED);
    expect(callsWith(sim, paused)).toHaveLength(1);
  });

  it('honours a Retry-After given as an HTTP-date', async () => {
    const key = freshKey(sim, 'http-date');
    // Ten minutes ahead, on a whole second: far from the 60 s used when Retry-After is missing or unreadable.
    const until = new Date(Math.ceil((Date.now() + 600_000) / 1000) * 1000);
    const atMost = Math.ceil((until.getTime() - Date.now()) / 1000);
    sim.control.addFault({ method: 'GET', path: PROJECT_PATH, type: 'status', status: 429, headers: { 'Retry-After': until.toUTCString() }, body: THROTTLED_BODY, times: 1 });

    const first = await connect(a, workspaces[3], sim, key);
    expect(first.status).toBe(422);
    expect(first.body).toMatchObject(RATE_LIMITED);
    expect(hintSeconds(first.body)).toBeGreaterThan(60);
    expect(hintSeconds(first.body)).toBeLessThanOrEqual(atMost);

    // The other instance honours the same pause, and nothing more reaches PostHog.
    const second = await connect(b, workspaces[3], sim, key);
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject(RATE_LIMITED);
    expect(hintSeconds(second.body)).toBeGreaterThan(60);
    expect(hintSeconds(second.body)).toBeLessThanOrEqual(hintSeconds(first.body));
    expect(callsWith(sim, key).map((r) => r.status)).toEqual([429]);
  });
});

describe('PostHog rate budget (e2e): staying under PostHog’s throttles', () => {
  // 24 requests a minute: small enough to exhaust quickly, large enough that one connect (two calls) fits a sub-window.
  const SCALE = 0.05;
  // Findry's default class (most endpoints, including the two a connect or check calls) at this scale…
  // Findry keeps each PostHog limit as fixed sub-windows; the most any sliding stretch of PostHog's window can see
  // is one full sub-window more than fit in it.
  const findryWindows = postHogThrottleClasses(SCALE).default!;
  const worstSliding = (w: { points: number; durationSec: number }, span: number) => (Math.ceil(span / w.durationSec) + 1) * w.points;
  const findryPerMinute = worstSliding(findryWindows[0]!, 60);
  // …and the simulator's, which scales PostHog's rates the same way (floored, at least 1).
  const simWindows = THROTTLES.default.map((rule) => {
    const { requests, durationSeconds } = parseRate(rule.rate);
    return { points: Math.max(1, Math.floor(requests * SCALE)), durationSec: durationSeconds };
  });

  let sim: PostHogSimulator;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    sim = await startSimulator({ throttling: { enabled: true, scale: SCALE } });
    ({ db, a, b } = await startPair({ FINDRY_POSTHOG_RATE_LIMIT_SCALE: String(SCALE) }));
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
    await sim?.close();
  });

  it('is configured at or below PostHog’s limits in every window', () => {
    expect(sim.control.throttling()).toEqual({ enabled: true, scale: SCALE });
    expect(findryWindows).toHaveLength(simWindows.length);
    simWindows.forEach((sw, i) => {
      expect(worstSliding(findryWindows[i]!, sw.durationSec)).toBeLessThanOrEqual(sw.points);
    });
  });

  it('refuses calls over budget locally, across both instances, so PostHog never answers 429', async () => {
    const key = freshKey(sim, 'budget');
    const connected = await createWorkspace(a, 'budget-connected');
    const targets = [await createWorkspace(a, 'budget-1'), await createWorkspace(a, 'budget-2')];
    const initial = await connect(a, connected, sim, key);
    expect(initial.status).toBe(200);
    const callsPerOperation = callsWith(sim, key).length; // a connect (and a check) = project + key ping

    // Fifteen at once, split over both instances: re-checks of the connected workspace and connects elsewhere.
    const OPS = 15;
    const results = await Promise.all(
      Array.from({ length: OPS }, (_, i) => {
        const t = i % 2 ? b : a;
        return i % 3 === 0 ? check(t, connected) : connect(t, targets[i % targets.length], sim, key);
      }),
    );
    // Without a local budget this would be far over PostHog's limit.
    expect(callsPerOperation * (OPS + 1)).toBeGreaterThan(simWindows[0].points);

    const log = callsWith(sim, key);
    expect(sim.control.requests().filter((r) => r.status === 429)).toEqual([]);
    expect(log.every((r) => r.status === 200)).toBe(true);
    // Requests that reached PostHog in any one minute: at most Findry's per-minute budget.
    const times = log.map((r) => Date.parse(r.time)).sort((x, y) => x - y);
    const busiestMinute = Math.max(...times.map((t0) => times.filter((t) => t >= t0 && t - t0 < 60_000).length));
    expect(busiestMinute).toBeLessThanOrEqual(findryPerMinute);

    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    for (const res of refused) {
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject(RATE_LIMITED);
      expect(hintSeconds(res.body)).toBeGreaterThanOrEqual(1);
      expect(hintSeconds(res.body)).toBeLessThanOrEqual(60);
    }
    // Every success cost a full operation's calls; a refused one may have used part of one before the budget ran out.
    expect((ok.length + 1) * callsPerOperation).toBeLessThanOrEqual(log.length);

    // A refused check is not held against the connection.
    expect(await tileStatus(b, connected)).toMatchObject({ status: 'connected', lastError: null });
  });
});
