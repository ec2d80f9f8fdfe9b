import { fileURLToPath } from 'node:url';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { ENTITIES } from './entities.js';

const repoRoot = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url));
// Running from TypeScript (jest, the oxc loader) reads migrations/*.ts; the compiled app reads dist/migrations.
const fromTs = import.meta.url.endsWith('.ts');

export function buildOrmOptions(clientUrl: string, { debug = false }: { debug?: boolean } = {}): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    preferTs: fromTs,
    debug,
    pool: { min: 0, max: 10 },
    migrations: {
      path: `${repoRoot}dist/migrations`,
      pathTs: `${repoRoot}migrations`,
      glob: fromTs ? '!(*.d).ts' : '!(*.d).js',
      snapshotOnMigrate: false,
      snapshotName: '.snapshot-findry',
      transactional: true,
      allOrNothing: true,
    },
  });
}
