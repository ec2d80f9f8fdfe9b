import { CreateRequestContext } from '@mikro-orm/decorators/legacy';
import { MikroORM } from '@mikro-orm/postgresql';
import cliProgress from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AppError } from '../common/errors/app-error.js';
import { KeyRotationService } from '../modules/integrations/key-rotation.service.js';
import { CliOutput } from './cli-output.js';

@Command({ name: 'keys:rotate', description: 'Re-encrypt every stored secret under the active key (the first in FINDRY_ENCRYPTION_KEYS)' })
export class KeysRotateCommand extends CommandRunner {
  constructor(
    readonly orm: MikroORM,
    private readonly rotation: KeyRotationService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @CreateRequestContext()
  async run(_: string[], options: { json?: boolean }): Promise<void> {
    const pending = await this.rotation.pending();
    let bar: cliProgress.SingleBar | undefined;
    if (pending && !options.json) {
      bar = new cliProgress.SingleBar({ format: 'Re-encrypting [{bar}] {value}/{total} secrets', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 500 }, cliProgress.Presets.shades_classic);
      bar.start(pending, 0);
    }
    const report = await this.rotation.rotate({ onProgress: (done) => bar?.update(done) });
    bar?.stop();
    if (options.json) this.out.json(report);
    else if (!report.total) this.out.info(`Nothing to do: every secret already uses key "${report.activeKeyId}"`);
    else this.out.info(`Re-encrypted ${report.rotated} secret(s) under key "${report.activeKeyId}"${report.skipped ? `; ${report.skipped} changed meanwhile and were skipped` : ''}`);
    if (report.failed.length) {
      throw new AppError('internal', 'rotation_incomplete', `${report.failed.length} secret(s) could not be decrypted with any configured key: ${report.failed.map((f) => f.integrationId).join(', ')}`);
    }
  }

  @Option({ flags: '--json', description: 'Print the report as JSON' })
  parseJson(): boolean {
    return true;
  }
}
