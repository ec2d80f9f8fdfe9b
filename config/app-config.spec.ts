import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';
import { fillSecretsFromDataDir } from './data-dir-secrets.js';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      nodeEnv: 'development',
      http: { port: 3000, host: '127.0.0.1' },
      databaseUrl: undefined,
      dataDir: '/srv/app/.findry',
      cronEnabled: true,
      logLevel: 'info',
      outbound: { allowlist: [], timeoutMs: 10_000 },
      integrations: { healthCheckIntervalHours: 24 },
    });
  });

  it('reads and types every setting', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/findry',
      FINDRY_DATA_DIR: '/var/lib/findry',
      FINDRY_AUTH_SECRET: 'x'.repeat(40),
      FINDRY_CRON_ENABLED: 'false',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'test',
      FINDRY_OUTBOUND_ALLOWLIST: '127.0.0.1, 10.0.0.0/8,posthog.internal',
    });
    expect(c.http).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/findry');
    expect(c.dataDir).toBe('/var/lib/findry');
    expect(c.cronEnabled).toBe(false);
    expect(c.outbound.allowlist).toEqual(['127.0.0.1', '10.0.0.0/8', 'posthog.internal']);
  });

  it('names every bad variable in one error, without echoing a database password', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '99999', LOG_LEVEL: 'loud', FINDRY_CRON_ENABLED: 'maybe', DATABASE_URL: 'mysql://root:hunter2@x/db', FINDRY_AUTH_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'LOG_LEVEL', 'FINDRY_CRON_ENABLED', 'DATABASE_URL', 'FINDRY_AUTH_SECRET']) expect(problems).toContain(name);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('refuses to start in production without an auth secret or encryption keys', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/FINDRY_AUTH_SECRET or FINDRY_AUTH_JWKS_URL is required in production[\s\S]*FINDRY_ENCRYPTION_KEYS is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', FINDRY_AUTH_JWKS_URL: 'https://idp.example/jwks', FINDRY_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}` })).not.toThrow();
  });

  it('validates the encryption keyring at boot without echoing key material', () => {
    const short = Buffer.from('0123456789abcdef').toString('base64');
    expect(() => loadConfig({ FINDRY_ENCRYPTION_KEYS: `k1:${short}` })).toThrow(/FINDRY_ENCRYPTION_KEYS: .*k1.*32 bytes/);
    try {
      loadConfig({ FINDRY_ENCRYPTION_KEYS: `k1:${short}` });
    } catch (e) {
      expect((e as Error).message).not.toContain(short);
    }
  });
});

describe('fillSecretsFromDataDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'findry-cfg-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('generates the auth secret and encryption key once, private to the owner, and reuses them', async () => {
    const first = await fillSecretsFromDataDir(loadConfig({ FINDRY_DATA_DIR: dir }));
    expect(first.notices.map((n) => [n.setting, n.generated])).toEqual([
      ['FINDRY_AUTH_SECRET', true],
      ['FINDRY_ENCRYPTION_KEYS', true],
    ]);
    expect(first.config.auth.secret!.length).toBeGreaterThanOrEqual(32);
    expect(first.config.encryptionKeys).toMatch(/^dev1:[A-Za-z0-9+/]{43}=$/);
    expect((await stat(join(dir, 'auth-secret'))).mode & 0o777).toBe(0o600);
    const second = await fillSecretsFromDataDir(loadConfig({ FINDRY_DATA_DIR: dir }));
    expect(second.notices.every((n) => !n.generated)).toBe(true);
    expect(second.config.auth.secret).toBe(first.config.auth.secret);
    expect(second.config.encryptionKeys).toBe((await readFile(join(dir, 'encryption-keys'), 'utf8')).trim());
  });

  it('leaves explicit settings alone', async () => {
    const { config, notices } = await fillSecretsFromDataDir(loadConfig({ FINDRY_DATA_DIR: dir, FINDRY_AUTH_SECRET: 's'.repeat(40), FINDRY_ENCRYPTION_KEYS: `a:${randomBytes(32).toString('base64')}` }));
    expect(notices).toEqual([]);
    expect(config.auth.secret).toBe('s'.repeat(40));
  });
});
