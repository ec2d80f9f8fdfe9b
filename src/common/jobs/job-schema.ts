import { PgBoss } from 'pg-boss';

export const JOB_SCHEMA = 'pgboss';

/**
 * Installs or upgrades pg-boss's own tables. Part of `findry migrate`, like our migrations, so the app itself
 * starts pg-boss with `migrate: false` and never changes a schema at boot.
 */
export async function installJobSchema(databaseUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema: JOB_SCHEMA, supervise: false, schedule: false, max: 2 });
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false });
}
