import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.runtime.js';

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL runtime (e2e)', () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'findry-embedded-'));
    await chmod(parent, 0o755);
  });
  afterAll(() => rm(parent, { recursive: true, force: true }));

  it('initialises on first start, keeps data across a restart, and lets a second process join it', async () => {
    const dataDir = join(parent, 'data');
    const logs: string[] = [];
    const first = await startEmbeddedPostgres(dataDir, (m) => logs.push(m));
    expect(first.owned).toBe(true);
    expect(logs.some((l) => l.startsWith('Initialising'))).toBe(true);
    await query(first.url, 'create table kept (v text); insert into kept values (\'survives\')');

    const joined = await startEmbeddedPostgres(dataDir, (m) => logs.push(m));
    expect(joined.owned).toBe(false);
    expect(joined.url).toBe(first.url);
    await joined.stop();
    expect((await query(first.url, 'select v from kept')).rows).toEqual([{ v: 'survives' }]);
    await first.stop();

    logs.length = 0;
    const again = await startEmbeddedPostgres(dataDir, (m) => logs.push(m));
    try {
      expect(again.owned).toBe(true);
      expect(logs.some((l) => l.startsWith('Initialising'))).toBe(false);
      expect((await query(again.url, 'select v from kept')).rows).toEqual([{ v: 'survives' }]);
      expect(new URL(again.url).hostname).toBe('127.0.0.1');
    } finally {
      await again.stop();
    }
  });
});
