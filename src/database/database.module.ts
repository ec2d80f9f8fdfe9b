import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DynamicModule } from '@nestjs/common';
import { buildOrmOptions } from './orm-options.js';

/** The ORM on an already-resolved URL (embedded or external: see embedded-postgres.runtime.ts). */
export function createDatabaseModule(databaseUrl: string): DynamicModule | Promise<DynamicModule> {
  return MikroOrmModule.forRootAsync({ driver: PostgreSqlDriver, useFactory: () => buildOrmOptions(databaseUrl) });
}
