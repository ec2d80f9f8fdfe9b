import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError, fillSecretsFromDataDir, readConfigFromEnv } from '../config/index.js';
import { CliModule } from './cli/cli.module.js';
import { AppError } from './common/errors/app-error.js';
import { resolveDatabase } from './database/embedded-postgres.runtime.js';

// `npm run findry -- <command>`. Human output goes to stderr, results to stdout.
async function main(): Promise<number> {
  const say = (msg: string) => process.stderr.write(`${msg}\n`);
  const { config } = await fillSecretsFromDataDir(readConfigFromEnv());
  const database = await resolveDatabase(config.databaseUrl, config.dataDir, () => {});
  let exitCode = 0;
  try {
    await CommandFactory.run(CliModule.forRoot(config, database.url), {
      logger: ['error'],
      errorHandler: (e: Error & { exitCode?: number; code?: string }) => {
        // commander reports --help and --version through this handler too, with exit code 0.
        if (e.code?.startsWith('commander.')) {
          exitCode = e.exitCode ?? 1;
          return;
        }
        throw e;
      },
    });
  } catch (e) {
    exitCode = 1;
    say(e instanceof AppError ? `Error (${e.code}): ${e.message}` : e instanceof Error ? e.message : String(e));
  } finally {
    await database.stop();
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof ConfigError ? e.message : e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
