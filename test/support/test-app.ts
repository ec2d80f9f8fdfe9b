import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '../../config/index.js';
import { createApp } from '../../src/bootstrap/create-app.js';
import { installJobSchema } from '../../src/common/jobs/job-schema.js';
import type { IntegrationPlugin } from '../../src/modules/integrations/provider/integration-plugin.js';
import { LogCapture } from './log-capture.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_AUTH_SECRET = 'test-auth-secret-that-is-long-enough-0123456789';
export const testKey = (seed: string) => createHash('sha256').update(seed).digest('base64');
export const TEST_ENCRYPTION_KEYS = `test1:${testKey('findry-test-key-1')}`;

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  config: AppConfig;
  db: TestDatabase;
  logs: LogCapture;
  close(): Promise<void>;
}

export function testEnv(dataDir: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    FINDRY_DATA_DIR: dataDir,
    FINDRY_AUTH_SECRET: TEST_AUTH_SECRET,
    FINDRY_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    FINDRY_CRON_ENABLED: 'false',
    FINDRY_OUTBOUND_ALLOWLIST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...overrides,
  };
}

/**
 * Boots the real app (the same createApp as production) on a database of its own, applies the migrations the
 * way `findry migrate` does, and listens on a random loopback port.
 */
export async function startTestApp({ env = {}, db, plugins }: { env?: Record<string, string>; db?: TestDatabase; plugins?: IntegrationPlugin[] } = {}): Promise<TestApp> {
  const database = db ?? (await createTestDatabase());
  const dataDir = await mkdtemp(join(tmpdir(), 'findry-e2e-'));
  const config = loadConfig(testEnv(dataDir, { DATABASE_URL: database.url, ...env }));
  const logs = new LogCapture();
  const app = await createApp(config, { databaseUrl: database.url, logDestination: logs, plugins });
  // What `findry migrate` does; the app's own bootstrap (in listen) then finds both schemas in place.
  await app.get(MikroORM).migrator.up();
  await installJobSchema(database.url);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url: url.replace('[::1]', '127.0.0.1'),
    config,
    db: database,
    logs,
    close: async () => {
      await app.close();
      if (!db) await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
