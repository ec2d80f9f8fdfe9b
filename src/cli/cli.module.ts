import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '../../config/index.js';
import { TokenService } from '../common/auth/token.service.js';
import { createDatabaseModule } from '../database/database.module.js';
import { AuditModule } from '../modules/audit/audit.module.js';
import { WorkspacesModule } from '../modules/workspaces/workspaces.module.js';
import { CliOutput } from './cli-output.js';
import { MigrateCommand } from './migrate.command.js';
import { TokenCommand } from './token.command.js';
import { WorkspaceCreateCommand } from './workspace-create.command.js';

/** A lean context for the CLI: the ORM and domain services, no HTTP server and no scheduler. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), createDatabaseModule(databaseUrl), AuditModule, WorkspacesModule],
      providers: [CliOutput, TokenService, MigrateCommand, WorkspaceCreateCommand, TokenCommand],
    };
  }
}
