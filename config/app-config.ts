import { isAbsolute, resolve } from 'node:path';
import { InvalidKeyringError, parseKeyring } from '../libs/crypto/src/index.js';

/**
 * Every setting the service reads, typed. Built once at boot by {@link loadConfig}; nothing else in the code base
 * reads `process.env`.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  http: { port: number; host: string };
  /** `undefined` means: start the embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  auth: {
    /** HS256 secret; may be filled from the data dir outside production (see data-dir-secrets.ts). */
    secret: string | undefined;
    jwksUrl: string | undefined;
    issuer: string;
    audience: string;
    tokenTtl: string;
  };
  /** Raw `FINDRY_ENCRYPTION_KEYS` (`id:base64,...`); parsed by libs/crypto. */
  encryptionKeys: string | undefined;
  cronEnabled: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  outbound: { allowlist: string[]; timeoutMs: number; maxResponseBytes: number };
  integrations: { healthCheckIntervalHours: number; postHogRateLimitScale: number };
  jobs: { pollingIntervalSeconds: number };
}

/** Thrown at boot when one or more variables are invalid; lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string): string | undefined {
    const v = this.env[name]?.trim();
    return v ? v : undefined;
  }

  int(name: string, fallback: number, { min, max }: { min: number; max: number }): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  }

  fraction(name: string, fallback: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > 1) {
      this.problems.push(`${name} must be a number greater than 0 and at most 1 (got "${raw}")`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      // The value may hold a password, so it is not echoed.
      this.problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
      return undefined;
    }
  }

  list(name: string): string[] {
    return (this.string(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
}

const DURATION = /^\d+\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/;
const ALLOWLIST_ENTRY = /^(?:[a-z0-9.-]+|[0-9.]+(?:\/\d{1,2})?|[0-9a-f:]+(?:\/\d{1,3})?)$/i;

export function loadConfig(env: Env, cwd: string = globalThis.process?.cwd() ?? '.'): AppConfig {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const dataDirRaw = r.string('FINDRY_DATA_DIR') ?? '.findry';
  const tokenTtl = r.string('FINDRY_AUTH_TOKEN_TTL') ?? '12h';
  if (!DURATION.test(tokenTtl)) r.problems.push(`FINDRY_AUTH_TOKEN_TTL must be a duration like 30m, 12h or 7d (got "${tokenTtl}")`);
  const secret = r.string('FINDRY_AUTH_SECRET');
  if (secret !== undefined && secret.length < 32) {
    r.problems.push('FINDRY_AUTH_SECRET must be at least 32 characters long');
  }
  const allowlist = r.list('FINDRY_OUTBOUND_ALLOWLIST');
  for (const entry of allowlist) {
    if (!ALLOWLIST_ENTRY.test(entry)) r.problems.push(`FINDRY_OUTBOUND_ALLOWLIST entry "${entry}" is neither a host name, an IP nor a CIDR`);
  }

  const config: AppConfig = {
    nodeEnv,
    isProduction: nodeEnv === 'production',
    http: { port: r.int('PORT', 3000, { min: 0, max: 65535 }), host: r.string('HOST') ?? '127.0.0.1' },
    databaseUrl: r.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw),
    auth: {
      secret,
      jwksUrl: r.url('FINDRY_AUTH_JWKS_URL', ['https:', 'http:']),
      issuer: r.string('FINDRY_AUTH_ISSUER') ?? 'findry',
      audience: r.string('FINDRY_AUTH_AUDIENCE') ?? 'findry-api',
      tokenTtl,
    },
    encryptionKeys: r.string('FINDRY_ENCRYPTION_KEYS'),
    cronEnabled: r.bool('FINDRY_CRON_ENABLED', true),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    outbound: {
      allowlist,
      timeoutMs: r.int('FINDRY_OUTBOUND_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
      maxResponseBytes: r.int('FINDRY_OUTBOUND_MAX_RESPONSE_BYTES', 5 * 1024 * 1024, { min: 1024, max: 512 * 1024 * 1024 }),
    },
    integrations: {
      healthCheckIntervalHours: r.int('FINDRY_HEALTH_CHECK_INTERVAL_HOURS', 24, { min: 1, max: 24 * 30 }),
      postHogRateLimitScale: r.fraction('FINDRY_POSTHOG_RATE_LIMIT_SCALE', 1),
    },
    jobs: { pollingIntervalSeconds: r.int('FINDRY_JOBS_POLLING_INTERVAL_SECONDS', 2, { min: 1, max: 60 }) },
  };

  if (config.encryptionKeys) {
    try {
      parseKeyring(config.encryptionKeys);
    } catch (e) {
      // The keyring's own messages name the entry by position and id, never its key material.
      if (!(e instanceof InvalidKeyringError)) throw e;
      r.problems.push(`FINDRY_ENCRYPTION_KEYS: ${e.message}`);
    }
  }
  if (config.isProduction) {
    if (!config.auth.secret && !config.auth.jwksUrl) {
      r.problems.push('FINDRY_AUTH_SECRET or FINDRY_AUTH_JWKS_URL is required in production');
    }
    if (!config.encryptionKeys) r.problems.push('FINDRY_ENCRYPTION_KEYS is required in production');
  }
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}
