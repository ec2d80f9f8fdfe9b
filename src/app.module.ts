import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import type { DestinationStream } from 'pino';
import { ConfigModule, type AppConfig } from '../config/index.js';
import { AuthGuard } from './common/auth/auth.guard.js';
import { TokenService } from './common/auth/token.service.js';
import { createLoggingModule } from './common/logging/logging.module.js';
import { createDatabaseModule } from './database/database.module.js';
import { CryptoModule } from './common/crypto/crypto.module.js';
import { JobsModule } from './common/jobs/jobs.module.js';

import { OutboundModule } from './common/outbound/outbound.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { IntegrationsModule } from './modules/integrations/integrations.module.js';
import { INTEGRATION_PLUGINS } from './modules/integrations/plugins/plugins.js';
import type { IntegrationPlugin } from './modules/integrations/provider/integration-plugin.js';
import { HealthModule } from './modules/health/health.module.js';
import { WorkspacesModule } from './modules/workspaces/workspaces.module.js';

export interface AppModuleOptions {
  /** The resolved database URL (the embedded server's, when DATABASE_URL is unset). */
  databaseUrl: string;
  /** Where logs go; stdout by default. Tests pass a buffer to inspect what was logged. */
  logDestination?: DestinationStream;
  /** Integration plugins to register; the shipped ones by default. */
  plugins?: IntegrationPlugin[];
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, { databaseUrl, logDestination, plugins = INTEGRATION_PLUGINS }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, databaseUrl),
        createLoggingModule(config, logDestination),
        createDatabaseModule(databaseUrl),
        // forRoot here only: every extra ScheduleModule.forRoot() would run each job once more.
        EventEmitterModule.forRoot(),
        ScheduleModule.forRoot(),
        CryptoModule,
        JobsModule.forRoot({ workers: true }),
        OutboundModule,
        AuditModule,
        HealthModule,
        WorkspacesModule,
        IntegrationsModule.forRoot({ plugins }),
      ],
      providers: [TokenService, { provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
