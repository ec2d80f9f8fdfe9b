// The client and the shared rate budget together: two "replicas" = two clients, each with its own RateBudget on
// its own pg.Pool, both talking to one loopback server that counts what reaches it.
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { closedPort, type LocalServer, startHttpServer } from '../test/local-server.js';
import { OutboundHttpClient, OutboundHttpError, type OutboundRequest, RATE_BUDGET_TABLE_DDL, RateBudget, type RequestBudget, type ThrottleClasses } from './index.js';
import { rejectionOf } from '../../../test/support/expect-error.js';

const classes: ThrottleClasses = {
  default: [
    { points: 2, durationSec: 60 },
    { points: 100, durationSec: 3600 },
  ],
  five: [{ points: 5, durationSec: 60 }],
  tiny: [{ points: 2, durationSec: 1 }],
  roomy: [{ points: 100, durationSec: 60 }],
};

let db: TestDatabase;
let pools: pg.Pool[];
let replicas: [OutboundHttpClient, OutboundHttpClient];
let budgets: [RateBudget, RateBudget];
let server: LocalServer;
// What the server answers next, per path.
const script = new Map<string, (res: import('node:http').ServerResponse) => void>();
let n = 0;
const freshKey = () => `cred-${++n}-${Date.now()}`;

const rejection = (p: Promise<unknown>): Promise<OutboundHttpError> => rejectionOf(OutboundHttpError, p);
const get = (path: string, budget: RequestBudget, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
  method: 'GET',
  url: `${server.origin}${path}`,
  budget,
  ...extra,
});
const hitsOn = (path: string) => server.hits.filter((h) => h.url === path).length;

beforeAll(async () => {
  db = await createTestDatabase();
  pools = [new pg.Pool({ connectionString: db.url, max: 5 }), new pg.Pool({ connectionString: db.url, max: 5 })];
  // An idle connection killed by the server must not crash the worker; pg-pool replaces it.
  for (const pool of pools) pool.on('error', () => undefined);
  await pools[0]!.query(RATE_BUDGET_TABLE_DDL);
  budgets = [new RateBudget({ pool: pools[0]!, classes }), new RateBudget({ pool: pools[1]!, classes })];
  replicas = [
    new OutboundHttpClient({ allowlist: ['127.0.0.1'], budget: budgets[0], backoff: { baseMs: 1, capMs: 5 } }),
    new OutboundHttpClient({ allowlist: ['127.0.0.1'], budget: budgets[1], backoff: { baseMs: 1, capMs: 5 } }),
  ];
  server = await startHttpServer((req, res) => {
    const handler = script.get(req.url ?? '');
    if (handler) return handler(res);
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
});
afterAll(async () => {
  replicas.forEach((c) => c.close());
  await server.close();
  await Promise.all(pools.map((p) => p.end()));
  await db.drop();
});

describe('OutboundHttpClient with a shared RateBudget', () => {
  it('429 with Retry-After seconds pauses the key for every replica; nothing more reaches the server', async () => {
    const key = freshKey();
    script.set('/a429', (res) => {
      res.writeHead(429, { 'retry-after': '30', 'content-type': 'application/json' });
      res.end('{"type":"throttled_error","detail":"Request was throttled."}');
    });
    const first = await rejection(replicas[0].request(get('/a429', { key, cls: 'roomy', mode: 'fail' })));
    expect(first).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 30_000, attempts: 1, body: { type: 'throttled_error' } });
    const paused = await budgets[1].state(key, 'roomy');
    expect(paused.pausedForMs).toBeGreaterThan(28_000);

    for (const replica of replicas) {
      const err = await rejection(replica.request(get('/a429', { key, cls: 'roomy', mode: 'fail' })));
      expect(err).toMatchObject({ code: 'rate_limited', attempts: 0 });
      expect(err.status).toBeUndefined();
      expect(err.retryAfterMs).toBeGreaterThan(28_000);
      expect(err.message).toMatch(/not sent: .*paused/);
    }
    // Wait mode cannot outwait a 30 s pause within 500 ms, so it fails at once as well.
    const started = Date.now();
    await rejection(replicas[1].request(get('/ok', { key, cls: 'roomy', mode: 'wait', maxWaitMs: 500 })));
    expect(Date.now() - started).toBeLessThan(400);
    expect(hitsOn('/a429')).toBe(1);
    expect(hitsOn('/ok')).toBe(0);
    // Another credential is not affected.
    await expect(replicas[1].request(get('/ok', { key: freshKey(), cls: 'roomy', mode: 'fail' }))).resolves.toMatchObject({ status: 200 });
  });

  it('429 with an HTTP-date Retry-After pauses until that date', async () => {
    const key = freshKey();
    script.set('/date429', (res) => {
      res.writeHead(429, { 'retry-after': new Date(Date.now() + 20_000).toUTCString() });
      res.end();
    });
    const err = await rejection(replicas[1].request(get('/date429', { key, cls: 'roomy', mode: 'fail' })));
    expect(err.retryAfterMs).toBeGreaterThan(18_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(20_000);
    const state = await budgets[0].state(key, 'roomy');
    expect(state.pausedForMs).toBeGreaterThan(17_000);
    await rejection(replicas[0].request(get('/date429', { key, cls: 'roomy', mode: 'fail' })));
    expect(hitsOn('/date429')).toBe(1);
  });

  it.each([
    ['absent', undefined],
    ['garbage', 'soon'],
  ])('429 with %s Retry-After pauses for the 60 s default', async (_name, header) => {
    const key = freshKey();
    const path = `/default429-${n}`;
    script.set(path, (res) => {
      res.writeHead(429, header ? { 'retry-after': header } : {});
      res.end();
    });
    const err = await rejection(replicas[0].request(get(path, { key, cls: 'roomy', mode: 'fail' })));
    expect(err.retryAfterMs).toBe(60_000);
    expect((await budgets[1].state(key, 'roomy')).pausedForMs).toBeGreaterThan(58_000);
  });

  it('after a short pause, a waiting call on the other replica goes through', async () => {
    const key = freshKey();
    let calls = 0;
    script.set('/short429', (res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(429, { 'retry-after': '1' });
        res.end();
      } else res.end('{"ok":"again"}');
    });
    await rejection(replicas[0].request(get('/short429', { key, cls: 'roomy', mode: 'fail' })));
    const started = Date.now();
    const res = await replicas[1].request(get('/short429', { key, cls: 'roomy', mode: 'wait', maxWaitMs: 5_000 }));
    expect(res.data).toEqual({ ok: 'again' });
    expect(Date.now() - started).toBeGreaterThan(700);
    expect(hitsOn('/short429')).toBe(2);
  });

  it('fail mode: an exhausted budget sends nothing', async () => {
    const key = freshKey();
    await replicas[0].request(get('/fail', { key, cls: 'default', mode: 'fail' }));
    await replicas[1].request(get('/fail', { key, cls: 'default', mode: 'fail' }));
    const err = await rejection(replicas[0].request(get('/fail', { key, cls: 'default', mode: 'fail' })));
    expect(err).toMatchObject({ code: 'budget_exhausted', attempts: 0 });
    expect(err.retryAfterMs).toBeGreaterThan(55_000);
    expect(hitsOn('/fail')).toBe(2);
  });

  it('wait mode: waits for budget and then succeeds', async () => {
    const key = freshKey();
    const started = Date.now();
    for (let i = 0; i < 4; i++) {
      await replicas[i % 2]!.request(get('/wait', { key, cls: 'tiny', mode: 'wait', maxWaitMs: 3_000 }));
    }
    expect(hitsOn('/wait')).toBe(4);
    expect(Date.now() - started).toBeGreaterThan(700);
  });

  it('concurrency: 10 concurrent calls on two replicas vs 5 points -> exactly 5 reach the server', async () => {
    const key = freshKey();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => replicas[i % 2]!.request(get('/concurrent', { key, cls: 'five', mode: 'fail' }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) expect(r.reason).toMatchObject({ code: 'budget_exhausted' });
    expect(hitsOn('/concurrent')).toBe(5);
  });

  it('each retry draws from the budget too', async () => {
    const key = freshKey();
    script.set('/flaky', (res) => {
      res.statusCode = 503;
      res.end();
    });
    const err = await rejection(replicas[0].request(get('/flaky', { key, cls: 'default', mode: 'fail' }, { retries: 5 })));
    expect(err).toMatchObject({ code: 'budget_exhausted', attempts: 2 });
    expect(hitsOn('/flaky')).toBe(2);
  });

  it('sends nothing when the budget store is unreachable', async () => {
    const deadPool = new pg.Pool({ host: '127.0.0.1', port: await closedPort(), user: 'nobody', database: 'none', connectionTimeoutMillis: 1_000 });
    const c = new OutboundHttpClient({ allowlist: ['127.0.0.1'], budget: new RateBudget({ pool: deadPool, classes }) });
    await expect(c.request(get('/dead', { key: freshKey(), cls: 'roomy', mode: 'fail' }))).rejects.toThrow();
    expect(hitsOn('/dead')).toBe(0);
    c.close();
    await deadPool.end();
  });
});
