import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { OutboundHttpError } from './outbound-http.errors.js';
import { redactSecrets } from './redact.js';
import { sleep } from './retry-policy.js';

/** Default name of the table every replica shares. */
export const RATE_BUDGET_TABLE = 'outbound_rate_limits';

/**
 * DDL for the budget table, matching what rate-limiter-flexible 11's RateLimiterPostgres reads and writes
 * (`_getCreateTableStmt`). The library quotes the name, so keep it lower-case.
 */
export function rateBudgetTableDdl(tableName: string = RATE_BUDGET_TABLE): string {
  assertTableName(tableName);
  return `CREATE TABLE IF NOT EXISTS ${tableName} (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`;
}

/** `CREATE TABLE IF NOT EXISTS outbound_rate_limits (...)`, for the app's migration. */
export const RATE_BUDGET_TABLE_DDL = rateBudgetTableDdl();

/** One fixed window: at most `points` requests per `durationSec` seconds. */
export interface RateWindow {
  points: number;
  durationSec: number;
}

/**
 * Throttle classes as data, e.g. PostHog's
 * `{ default: [{points:480,durationSec:60},{points:4800,durationSec:3600}], hogql: [{points:120,durationSec:3600}] }`.
 * A request must fit in every window of its class. An empty list means "no own limit, but 429 pauses apply".
 */
export type ThrottleClasses = Record<string, readonly RateWindow[]>;

/** Options for {@link RateBudget}. */
export interface RateBudgetOptions {
  /** A pg pool on the shared database (the app passes MikroORM's). Not closed by RateBudget. */
  pool: Pool;
  classes: ThrottleClasses;
  /** Table created by {@link RATE_BUDGET_TABLE_DDL}; default `outbound_rate_limits`. */
  tableName?: string;
  /** Namespace inside the table, so several budgets can share it; default `outbound`. */
  keyPrefix?: string;
}

/** How {@link RateBudget.acquire} behaves when the budget is spent. */
export interface AcquireOptions {
  /** `wait`: sleep until budget frees up (background work); `fail`: throw at once (interactive calls). */
  mode: 'wait' | 'fail';
  /** In `wait` mode, give up (throw) if budget will not be available within this many ms; default 30 s. */
  maxWaitMs?: number;
}

/** Snapshot of one (key, class) budget, for tests and diagnostics. */
export interface RateBudgetState {
  /** Remaining pause after a 429, 0 if not paused. */
  pausedForMs: number;
  windows: Array<RateWindow & { consumed: number; remaining: number; resetsInMs: number }>;
}

const KEY = /^[A-Za-z0-9_.:@-]{1,128}$/;
const NAME = /^[A-Za-z0-9_-]{1,32}$/;
const DEFAULT_MAX_WAIT_MS = 30_000;
// Waiters that wake at the same window reset would otherwise all hit the database in the same millisecond.
const WAKE_JITTER_MS = 25;

interface ClassLimiters {
  windows: Array<{ window: RateWindow; limiter: RateLimiterPostgres }>;
  pause: RateLimiterPostgres;
}

type Blocked = { code: 'rate_limited' | 'budget_exhausted'; retryAfterMs: number; message: string };

/**
 * A request budget shared by all replicas through one Postgres table (rate-limiter-flexible).
 * Budgets are kept per (key, class): the key identifies the credential (a non-secret id such as a hash of it),
 * the class the upstream throttle scope.
 *
 * Windows are consumed one after another and earlier ones are refunded when a later one refuses, so a call
 * refused by the minute window does not burn hour budget (RateLimiterUnion would, see STACK.md §5).
 * A 429 pause lives in its own row rather than in `block()`s on the windows: blocking a window resets its
 * counter and expiry, which would forget how much of the hour was already spent.
 *
 * Expiry uses this process's clock, so replicas need synchronised clocks (NTP).
 */
export class RateBudget {
  private readonly classes = new Map<string, ClassLimiters>();
  private readonly tableName: string;

  constructor(private readonly options: RateBudgetOptions) {
    const { pool, classes, tableName = RATE_BUDGET_TABLE, keyPrefix = 'outbound' } = options;
    assertTableName(tableName);
    if (!NAME.test(keyPrefix)) throw new TypeError(`RateBudget: keyPrefix must match ${NAME.source}`);
    this.tableName = tableName;
    let first = true;
    const limiter = (prefix: string, points: number, duration: number) => {
      const l = new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName,
        tableCreated: true,
        keyPrefix: prefix,
        points,
        duration,
        // Every limiter shares the table; one periodic cleanup of expired rows is enough.
        clearExpiredByTimeout: first,
      });
      first = false;
      return l;
    };
    for (const [cls, windows] of Object.entries(classes)) {
      if (!NAME.test(cls)) throw new TypeError(`RateBudget: class name "${cls}" must match ${NAME.source}`);
      const seen = new Set<number>();
      this.classes.set(cls, {
        windows: windows.map((window) => {
          const { points, durationSec } = window;
          if (!Number.isInteger(points) || points < 1) throw new TypeError(`RateBudget: class "${cls}" has a window with invalid points`);
          if (!Number.isFinite(durationSec) || durationSec <= 0) throw new TypeError(`RateBudget: class "${cls}" has a window with invalid durationSec`);
          if (seen.has(durationSec)) throw new TypeError(`RateBudget: class "${cls}" has two ${durationSec}s windows`);
          seen.add(durationSec);
          return { window: { points, durationSec }, limiter: limiter(`${keyPrefix}:${cls}:${durationSec}s`, points, durationSec) };
        }),
        pause: limiter(`${keyPrefix}:${cls}:pause`, 1, 1),
      });
    }
  }

  /** Class names this budget knows. */
  get classNames(): string[] {
    return [...this.classes.keys()];
  }

  /**
   * Optional start-up check that the table exists (tables are created by migrations, never implicitly).
   * @throws Error naming the missing table and the DDL to run.
   */
  async init(): Promise<void> {
    const { rows } = await this.options.pool.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`"${this.tableName}"`]);
    if (!rows[0]?.t) throw new Error(`RateBudget: table "${this.tableName}" does not exist; create it with rateBudgetTableDdl()`);
  }

  /**
   * Takes one request's worth of budget for (key, class), waiting or failing per `mode`. Never lets a request
   * through that is known to be over budget or inside a 429 pause.
   * @returns how long the call waited.
   * @throws OutboundHttpError `budget_exhausted` (own budget spent) or `rate_limited` (paused after a 429), each
   *   with `retryAfterMs`; the store's own error if Postgres is unreachable (nothing is sent then either).
   */
  async acquire(key: string, cls: string, { mode, maxWaitMs = DEFAULT_MAX_WAIT_MS }: AcquireOptions): Promise<{ waitedMs: number }> {
    const limiters = this.limitersFor(key, cls);
    const started = Date.now();
    const deadline = started + (mode === 'wait' ? Math.max(0, maxWaitMs) : 0);
    for (;;) {
      const blocked = await this.tryAcquire(key, cls, limiters);
      if (!blocked) return { waitedMs: Date.now() - started };
      if (Date.now() + blocked.retryAfterMs > deadline) {
        throw new OutboundHttpError(blocked.code, blocked.message, { retryAfterMs: blocked.retryAfterMs, attempts: 0 });
      }
      await sleep(blocked.retryAfterMs + Math.floor(Math.random() * WAKE_JITTER_MS));
    }
  }

  /**
   * Pauses (key, class) for every replica until `untilMs` (epoch ms), e.g. after a 429 with Retry-After.
   * An existing longer pause is kept.
   */
  async pause(key: string, cls: string, untilMs: number): Promise<void> {
    const { pause } = this.limitersFor(key, cls);
    const ms = untilMs - Date.now();
    if (!(ms > 0)) return;
    // Read-then-write can race with another replica's pause; the worst case is the shorter of two pauses winning.
    const current = await pause.get(key);
    if (current && current.msBeforeNext >= ms) return;
    await pause.block(key, ms / 1000);
  }

  /** Current counters for (key, class); does not consume anything. */
  async state(key: string, cls: string): Promise<RateBudgetState> {
    const limiters = this.limitersFor(key, cls);
    const paused = await limiters.pause.get(key);
    const windows = await Promise.all(
      limiters.windows.map(async ({ window, limiter }) => {
        const res = await limiter.get(key);
        const consumed = res?.consumedPoints ?? 0;
        return { ...window, consumed, remaining: Math.max(0, window.points - consumed), resetsInMs: Math.max(0, res?.msBeforeNext ?? 0) };
      }),
    );
    return { pausedForMs: Math.max(0, paused?.msBeforeNext ?? 0), windows };
  }

  /** Forgets all counters and any pause for (key, class). Meant for tests and operator tooling. */
  async reset(key: string, cls: string): Promise<void> {
    const limiters = this.limitersFor(key, cls);
    await Promise.all([limiters.pause, ...limiters.windows.map((w) => w.limiter)].map((l) => l.delete(key)));
  }

  private async tryAcquire(key: string, cls: string, { windows, pause }: ClassLimiters): Promise<Blocked | undefined> {
    const paused = await pause.get(key);
    if (paused && paused.msBeforeNext > 0) {
      return {
        code: 'rate_limited',
        retryAfterMs: paused.msBeforeNext,
        message: `outbound calls for key "${key}", class "${cls}" are paused after an upstream 429; retry in ${paused.msBeforeNext} ms`,
      };
    }
    const taken: RateLimiterPostgres[] = [];
    for (const { window, limiter } of windows) {
      try {
        await limiter.consume(key);
        taken.push(limiter);
      } catch (e) {
        // A refused window must not keep the points already taken from the windows before it.
        await Promise.allSettled(taken.map((l) => l.reward(key)));
        if (!(e instanceof RateLimiterRes)) throw e;
        const retryAfterMs = Math.max(1, e.msBeforeNext);
        return {
          code: 'budget_exhausted',
          retryAfterMs,
          message: `outbound rate budget for key "${key}", class "${cls}" is spent (${window.points} per ${window.durationSec}s); retry in ${retryAfterMs} ms`,
        };
      }
    }
    return undefined;
  }

  private limitersFor(key: string, cls: string): ClassLimiters {
    // Limiter keys are stored in plain text, so refuse anything that looks like a credential.
    if (typeof key !== 'string' || !KEY.test(key) || redactSecrets(key) !== key) {
      throw new TypeError(`RateBudget: key must match ${KEY.source} and must not be a secret (pass a hash or id)`);
    }
    const limiters = this.classes.get(cls);
    if (!limiters) throw new TypeError(`RateBudget: unknown throttle class "${cls}" (known: ${this.classNames.join(', ')})`);
    return limiters;
  }
}

function assertTableName(tableName: string): void {
  // Interpolated into SQL by rate-limiter-flexible (quoted), so only plain lower-case identifiers.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(tableName)) throw new TypeError('RateBudget: tableName must be a lower-case SQL identifier');
}
