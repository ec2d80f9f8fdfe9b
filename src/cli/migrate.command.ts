import { Inject } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { Command, CommandRunner } from 'nest-commander';
import { RUNTIME_DATABASE_URL } from '../../config/index.js';
import { installJobSchema } from '../common/jobs/job-schema.js';
import { CliOutput } from './cli-output.js';

@Command({ name: 'migrate', description: 'Apply pending database migrations (ours and the job engine’s)' })
export class MigrateCommand extends CommandRunner {
  constructor(
    private readonly orm: MikroORM,
    private readonly out: CliOutput,
    @Inject(RUNTIME_DATABASE_URL) private readonly databaseUrl: string,
  ) {
    super();
  }

  async run(): Promise<void> {
    const applied = await this.orm.migrator.up();
    this.out.info(applied.length ? `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'Database is up to date');
    await installJobSchema(this.databaseUrl);
  }
}
