// Used only by the MikroORM CLI (`npm run migration:create`), which needs DATABASE_URL to diff against.
import { buildOrmOptions } from '../src/database/orm-options.js';
import { readConfigFromEnv } from './index.js';

const config = readConfigFromEnv();
if (!config.databaseUrl) throw new Error('Set DATABASE_URL to a scratch PostgreSQL to generate migrations');
export default buildOrmOptions(config.databaseUrl);
