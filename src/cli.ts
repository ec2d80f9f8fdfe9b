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
  const report = (e: unknown) => {
    exitCode = 1;
    say(e instanceof AppError ? `Error (${e.code}): ${e.message}` : e instanceof Error ? e.message : String(e));
  };
  try {
    await CommandFactory.run(CliModule.forRoot(config, database.url), {
      cliName: 'findry',
      logger: ['error'],
      // commander reports --help, --version and usage errors here, with their own exit codes.
      errorHandler: (e: Error & { exitCode?: number }) => {
        exitCode = e.exitCode ?? 1;
      },
      // Failures thrown by a command's run() arrive here instead.
      serviceErrorHandler: report,
    });
  } catch (e) {
    report(e);
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
