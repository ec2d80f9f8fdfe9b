import { Module, type DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ConfigModule, type AppConfig } from '../../config/index.js';
import { TokenService } from '../common/auth/token.service.js';
import { createDatabaseModule } from '../database/database.module.js';
import { CryptoModule } from '../common/crypto/crypto.module.js';
import { JobsModule } from '../common/jobs/jobs.module.js';
import { OutboundModule } from '../common/outbound/outbound.module.js';
import { AuditModule } from '../modules/audit/audit.module.js';
import { IntegrationsModule } from '../modules/integrations/integrations.module.js';
import { INTEGRATION_PLUGINS } from '../modules/integrations/plugins/plugins.js';
import { WorkspacesModule } from '../modules/workspaces/workspaces.module.js';
import { CliOutput } from './cli-output.js';
import { IntegrationsCheckCommand } from './integrations-check.command.js';
import { KeysRotateCommand } from './keys-rotate.command.js';
import { MigrateCommand } from './migrate.command.js';
import { TokenCommand } from './token.command.js';
import { WorkspaceCreateCommand } from './workspace-create.command.js';

/** A lean context for the CLI: the ORM and domain services; no HTTP server, scheduler or job workers. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config, databaseUrl),
        createDatabaseModule(databaseUrl),
        EventEmitterModule.forRoot(),
        CryptoModule,
        JobsModule.forRoot({ workers: false }),
        OutboundModule,
        AuditModule,
        WorkspacesModule,
        IntegrationsModule.forRoot({ plugins: INTEGRATION_PLUGINS, jobs: false }),
      ],
      providers: [CliOutput, TokenService, MigrateCommand, WorkspaceCreateCommand, TokenCommand, KeysRotateCommand, IntegrationsCheckCommand],
    };
  }
}
