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
import { AuditModule } from './modules/audit/audit.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { WorkspacesModule } from './modules/workspaces/workspaces.module.js';

export interface AppModuleOptions {
  /** The resolved database URL (the embedded server's, when DATABASE_URL is unset). */
  databaseUrl: string;
  /** Where logs go; stdout by default. Tests pass a buffer to inspect what was logged. */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, { databaseUrl, logDestination }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        createLoggingModule(config, logDestination),
        createDatabaseModule(databaseUrl),
        // forRoot here only: every extra ScheduleModule.forRoot() would run each job once more.
        EventEmitterModule.forRoot(),
        ScheduleModule.forRoot(),
        AuditModule,
        HealthModule,
        WorkspacesModule,
      ],
      providers: [TokenService, { provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
