import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { OutboundHttpError, RATE_BUDGET_TABLE_DDL, RateBudget, rateBudgetTableDdl, type ThrottleClasses } from './index.js';
import { rejectionOf } from '../../../test/support/expect-error.js';

let db: TestDatabase;
let poolA: pg.Pool;
let poolB: pg.Pool;
let n = 0;
// A fresh key per test keeps tests independent inside one table.
const freshKey = () => `key-${++n}-${Date.now()}`;

const classes: ThrottleClasses = {
  default: [
    { points: 2, durationSec: 60 },
    { points: 5, durationSec: 3600 },
  ],
  // The long window is the tight one here, to show a refusal by it refunds the short one.
  hourly: [
    { points: 5, durationSec: 60 },
    { points: 2, durationSec: 3600 },
  ],
  tiny: [{ points: 2, durationSec: 1 }],
  five: [{ points: 5, durationSec: 60 }],
  unlimited: [],
};

const rejection = (p: Promise<unknown>): Promise<OutboundHttpError> => rejectionOf(OutboundHttpError, p);

beforeAll(async () => {
  db = await createTestDatabase();
  poolA = new pg.Pool({ connectionString: db.url, max: 5 });
  poolB = new pg.Pool({ connectionString: db.url, max: 5 });
  // An idle connection killed by the server (e.g. a shared DATABASE_URL restarting) must not crash the worker;
  // pg-pool drops that client and the next query opens a new one.
  for (const pool of [poolA, poolB]) pool.on('error', () => undefined);
  await poolA.query(RATE_BUDGET_TABLE_DDL);
});
afterAll(async () => {
  await Promise.all([poolA.end(), poolB.end()]);
  await db.drop();
});

describe('RateBudget', () => {
  it('exports the DDL rate-limiter-flexible expects', async () => {
    expect(RATE_BUDGET_TABLE_DDL).toBe(
      'CREATE TABLE IF NOT EXISTS outbound_rate_limits (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)',
    );
    const { rows } = await poolA.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'outbound_rate_limits' ORDER BY ordinal_position",
    );
    expect(rows).toEqual([
      { column_name: 'key', data_type: 'character varying' },
      { column_name: 'points', data_type: 'integer' },
      { column_name: 'expire', data_type: 'bigint' },
    ]);
    expect(() => rateBudgetTableDdl('Robert"); DROP TABLE x; --')).toThrow(TypeError);
  });

  it('init() verifies the table exists', async () => {
    await expect(new RateBudget({ pool: poolA, classes }).init()).resolves.toBeUndefined();
    await expect(new RateBudget({ pool: poolA, classes, tableName: 'missing_table' }).init()).rejects.toThrow(/missing_table.*does not exist/);
  });

  it('fail mode: refuses once a window is spent, with retryAfterMs', async () => {
    const budget = new RateBudget({ pool: poolA, classes });
    const key = freshKey();
    await budget.acquire(key, 'default', { mode: 'fail' });
    await budget.acquire(key, 'default', { mode: 'fail' });
    const err = await rejection(budget.acquire(key, 'default', { mode: 'fail' }));
    expect(err.code).toBe('budget_exhausted');
    expect(err.retryAfterMs).toBeGreaterThan(55_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(err.message).toContain('class "default"');
  });

  it('consumes windows in sequence: a minute-window refusal does not burn hour budget', async () => {
    const budget = new RateBudget({ pool: poolA, classes });
    const key = freshKey();
    for (let i = 0; i < 2; i++) await budget.acquire(key, 'default', { mode: 'fail' });
    for (let i = 0; i < 3; i++) await rejection(budget.acquire(key, 'default', { mode: 'fail' }));
    const state = await budget.state(key, 'default');
    expect(state.windows.map((w) => [w.durationSec, w.remaining])).toEqual([
      [60, 0],
      [3600, 3],
    ]);
    expect(state.windows[1]!.consumed).toBe(2);
  });

  it('refunds earlier windows when a later one refuses', async () => {
    const budget = new RateBudget({ pool: poolA, classes });
    const key = freshKey();
    for (let i = 0; i < 2; i++) await budget.acquire(key, 'hourly', { mode: 'fail' });
    const err = await rejection(budget.acquire(key, 'hourly', { mode: 'fail' }));
    expect(err.retryAfterMs).toBeGreaterThan(3_500_000);
    await rejection(budget.acquire(key, 'hourly', { mode: 'fail' }));
    const state = await budget.state(key, 'hourly');
    expect(state.windows.map((w) => w.consumed)).toEqual([2, 4]);
    expect(state.windows[0]!.remaining).toBe(3);
  });

  it('is shared by replicas: 10 concurrent acquires on two pools vs 5 points -> exactly 5 pass', async () => {
    const replicas = [new RateBudget({ pool: poolA, classes }), new RateBudget({ pool: poolB, classes })];
    const key = freshKey();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => replicas[i % 2]!.acquire(key, 'five', { mode: 'fail' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(5);
    for (const r of rejected) expect(r.reason).toMatchObject({ code: 'budget_exhausted' });
  });

  it('wait mode: waits for the window to reset, then succeeds', async () => {
    const budget = new RateBudget({ pool: poolA, classes });
    const key = freshKey();
    await budget.acquire(key, 'tiny', { mode: 'wait' });
    await budget.acquire(key, 'tiny', { mode: 'wait' });
    const started = Date.now();
    const { waitedMs } = await budget.acquire(key, 'tiny', { mode: 'wait', maxWaitMs: 3_000 });
    expect(waitedMs).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('wait mode: fails at once when the wait would exceed maxWaitMs', async () => {
    const budget = new RateBudget({ pool: poolA, classes });
    const key = freshKey();
    await budget.acquire(key, 'default', { mode: 'wait' });
    await budget.acquire(key, 'default', { mode: 'wait' });
    const started = Date.now();
    const err = await rejection(budget.acquire(key, 'default', { mode: 'wait', maxWaitMs: 1_000 }));
    expect(err.code).toBe('budget_exhausted');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('pause() is seen by every replica, never shortens a longer pause and leaves window counters alone', async () => {
    const a = new RateBudget({ pool: poolA, classes });
    const b = new RateBudget({ pool: poolB, classes });
    const key = freshKey();
    await a.acquire(key, 'default', { mode: 'fail' });
    await a.pause(key, 'default', Date.now() + 5_000);
    await a.pause(key, 'default', Date.now() + 1_000);
    const err = await rejection(b.acquire(key, 'default', { mode: 'fail' }));
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterMs).toBeGreaterThan(4_000);
    const state = await b.state(key, 'default');
    expect(state.pausedForMs).toBeGreaterThan(4_000);
    expect(state.windows.map((w) => w.consumed)).toEqual([1, 1]);
    // Other classes of the same key are not paused.
    await expect(b.acquire(key, 'five', { mode: 'fail' })).resolves.toBeDefined();
  });

  it('a pause ends on time; wait mode sleeps through it', async () => {
    const a = new RateBudget({ pool: poolA, classes });
    const b = new RateBudget({ pool: poolB, classes });
    const key = freshKey();
    await a.pause(key, 'unlimited', Date.now() + 800);
    await rejection(b.acquire(key, 'unlimited', { mode: 'fail' }));
    const { waitedMs } = await b.acquire(key, 'unlimited', { mode: 'wait', maxWaitMs: 3_000 });
    expect(waitedMs).toBeGreaterThan(300);
    expect((await b.state(key, 'unlimited')).pausedForMs).toBe(0);
  });

  it('reset() clears counters and pauses', async () => {
    const budget = new RateBudget({ pool: poolA, classes });
    const key = freshKey();
    await budget.acquire(key, 'tiny', { mode: 'fail' });
    await budget.pause(key, 'tiny', Date.now() + 60_000);
    await budget.reset(key, 'tiny');
    expect(await budget.state(key, 'tiny')).toEqual({ pausedForMs: 0, windows: [{ points: 2, durationSec: 1, consumed: 0, remaining: 2, resetsInMs: 0 }] });
  });

  it('validates classes, keys and names', async () => {
    const budget = new RateBudget({ pool: poolA, classes });
    await expect(budget.acquire('k', 'nope', { mode: 'fail' })).rejects.toThrow(/unknown throttle class "nope"/);
    await expect(budget.acquire('phx_abcdef123456', 'default', { mode: 'fail' })).rejects.toThrow(/must not be a secret/);
    await expect(budget.acquire('has space', 'default', { mode: 'fail' })).rejects.toThrow(TypeError);
    await expect(budget.acquire('x'.repeat(129), 'default', { mode: 'fail' })).rejects.toThrow(TypeError);
    expect(() => new RateBudget({ pool: poolA, classes: { 'bad name': [] } })).toThrow(TypeError);
    expect(() => new RateBudget({ pool: poolA, classes: { c: [{ points: 0, durationSec: 1 }] } })).toThrow(/invalid points/);
    expect(() => new RateBudget({ pool: poolA, classes: { c: [{ points: 1, durationSec: 0 }] } })).toThrow(/invalid durationSec/);
    expect(() => new RateBudget({ pool: poolA, classes: { c: [{ points: 1, durationSec: 5 }, { points: 2, durationSec: 5 }] } })).toThrow(/two 5s windows/);
    expect(() => new RateBudget({ pool: poolA, classes, tableName: 'Bad-Name' })).toThrow(TypeError);
  });

  it('stores only the given key id in the table', async () => {
    const budget = new RateBudget({ pool: poolA, classes, keyPrefix: 'ph' });
    await budget.acquire('sha256-abc', 'default', { mode: 'fail' });
    const { rows } = await poolA.query<{ key: string }>("SELECT key FROM outbound_rate_limits WHERE key LIKE 'ph:%' ORDER BY key");
    expect(rows.map((r) => r.key)).toEqual(['ph:default:3600s:sha256-abc', 'ph:default:60s:sha256-abc']);
  });
});
