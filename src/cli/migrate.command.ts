import { MikroORM } from '@mikro-orm/postgresql';
import { Command, CommandRunner } from 'nest-commander';
import { CliOutput } from './cli-output.js';

@Command({ name: 'migrate', description: 'Apply pending database migrations' })
export class MigrateCommand extends CommandRunner {
  constructor(
    private readonly orm: MikroORM,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run(): Promise<void> {
    const applied = await this.orm.migrator.up();
    this.out.info(applied.length ? `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'Database is up to date');
  }
}
