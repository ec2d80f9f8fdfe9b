import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config.js';
import { APP_CONFIG, RUNTIME_DATABASE_URL } from './app-config.token.js';

@Global()
@Module({})
export class ConfigModule {
  /** `databaseUrl`: resolved at start-up, since the embedded database picks its port then. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: RUNTIME_DATABASE_URL, useValue: databaseUrl },
      ],
      exports: [APP_CONFIG, RUNTIME_DATABASE_URL],
    };
  }
}
