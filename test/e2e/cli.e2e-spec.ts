import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestApp, testEnv, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('findry CLI (e2e)', () => {
  let db: TestDatabase;
  let dataDir: string;
  let t: TestApp | undefined;

  const cli = async (args: string[], { viaNpm = false } = {}): Promise<CliResult> => {
    const env = { ...process.env, ...testEnv(dataDir, { DATABASE_URL: db.url }), NODE_OPTIONS: '' };
    const [cmd, argv] = viaNpm ? ['npm', ['run', '-s', 'findry', '--', ...args]] : [process.execPath, ['--import', '@oxc-node/core/register', 'src/cli.ts', ...args]];
    try {
      const { stdout, stderr } = await run(cmd, argv, { env, cwd: process.cwd(), timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'findry-cli-'));
  });
  afterAll(async () => {
    await t?.close();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrate applies the migrations once; a second run changes nothing', async () => {
    const first = await cli(['migrate'], { viaNpm: true });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Applied \d+ migration/);
    const second = await cli(['migrate']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('Database is up to date');
  });

  it('workspace:create --json prints exactly one JSON object whose token reads its workspace', async () => {
    const res = await cli(['workspace:create', '--name', 'Acme', '--admin-email', 'Ada@Example.test', '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(Object.keys(out).sort()).toEqual(['projectId', 'token', 'userId', 'workspaceId']);
    t = await startTestApp({ db });
    const ws = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${out.workspaceId}`).set('authorization', `Bearer ${out.token}`);
    expect(ws.status).toBe(200);
    expect(ws.body.name).toBe('Acme');
    const projects = await request(t.app.getHttpServer()).get(`/api/v1/workspaces/${out.workspaceId}/projects`).set('authorization', `Bearer ${out.token}`);
    expect(projects.body.map((p: { id: string }) => p.id)).toEqual([out.projectId]);
  });

  it('workspace:create without --json prints a readable summary', async () => {
    const res = await cli(['workspace:create', '--name', 'Beta', '--admin-email', 'bea@example.test']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Workspace "Beta" created');
    expect(res.stdout).toMatch(/token:\s+eyJ/);
  });

  it('token issues a fresh token for an existing user (email case-insensitive)', async () => {
    const res = await cli(['token', '--email', 'ADA@example.test', '--json']);
    expect(res.code).toBe(0);
    const { token, userId } = JSON.parse(res.stdout);
    const me = await request(t!.app.getHttpServer()).get('/api/v1/me').set('authorization', `Bearer ${token}`);
    expect(me.body.userId).toBe(userId);
    expect(me.body.workspaces.map((w: { name: string }) => w.name)).toEqual(['Acme']);
  });

  it('fails with a clear message and exit code 1 on bad input', async () => {
    const unknown = await cli(['token', '--email', 'nobody@example.test']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No user with email nobody@example.test');
    expect(unknown.stdout).toBe('');
    const missing = await cli(['workspace:create', '--admin-email', 'x@example.test']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--name is required');
    const badEmail = await cli(['workspace:create', '--name', 'X', '--admin-email', 'nope']);
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toContain('--admin-email must be an email address');
  });

  it('reports a bad configuration naming the variable', async () => {
    const env = { ...process.env, ...testEnv(dataDir, { DATABASE_URL: db.url, PORT: 'eighty', LOG_LEVEL: 'loud' }), NODE_OPTIONS: '' };
    const res = await run(process.execPath, ['--import', '@oxc-node/core/register', 'src/cli.ts', 'migrate'], { env }).catch((e) => e);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('PORT must be an integer');
    expect(res.stderr).toContain('LOG_LEVEL must be one of');
  });
});
