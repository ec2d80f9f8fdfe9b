import { CreateRequestContext } from '@mikro-orm/decorators/legacy';
import { MikroORM } from '@mikro-orm/postgresql';
import { Command, CommandRunner, Option } from 'nest-commander';
import { IntegrationsService } from '../modules/integrations/integrations.service.js';
import { CliOutput } from './cli-output.js';

@Command({ name: 'integrations:check', description: 'Run the integration health check now (the connections that are due, or --all)' })
export class IntegrationsCheckCommand extends CommandRunner {
  constructor(
    readonly orm: MikroORM,
    private readonly integrations: IntegrationsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @CreateRequestContext()
  async run(_: string[], options: { all?: boolean }): Promise<void> {
    const ids = options.all ? await this.integrations.liveIntegrationIds() : await this.integrations.dueForHealthCheck();
    for (const id of ids) {
      const outcome = await this.integrations.runHealthCheck(id, { force: options.all });
      this.out.info(`${id}: ${outcome}`);
    }
    this.out.info(`Checked ${ids.length} connection(s)`);
  }

  @Option({ flags: '--all', description: 'Check every live connection, due or not' })
  parseAll(): boolean {
    return true;
  }
}
