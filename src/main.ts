import 'reflect-metadata';
import { ConfigError, fillSecretsFromDataDir, readConfigFromEnv } from '../config/index.js';
import { createApp } from './bootstrap/create-app.js';
import { resolveDatabase } from './database/embedded-postgres.runtime.js';

// Migrations are not applied here: `npm start` runs `findry migrate` first, as a deploy step would.
async function main(): Promise<void> {
  const say = (msg: string) => process.stderr.write(`[findry] ${msg}\n`);
  const { config, notices } = await fillSecretsFromDataDir(readConfigFromEnv());
  for (const n of notices) {
    say(`${n.setting} is not set: ${n.generated ? 'generated a new one in' : 'using the one in'} ${n.file} (set it explicitly in production)`);
  }
  const database = await resolveDatabase(config.databaseUrl, config.dataDir, say);
  const app = await createApp(config, { databaseUrl: database.url });
  const stop = async () => {
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen(config.http.port, config.http.host);
  say(`Findry listening on ${await app.getUrl()} (API docs at /docs)`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
