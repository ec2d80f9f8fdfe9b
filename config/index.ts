import { loadConfig, type AppConfig } from './app-config.js';

export { APP_CONFIG, RUNTIME_DATABASE_URL } from './app-config.token.js';
export { ConfigError, loadConfig, type AppConfig } from './app-config.js';
export { ConfigModule } from './config.module.js';
export { fillSecretsFromDataDir, type SecretNotice } from './data-dir-secrets.js';

/** The one place the process environment is read. */
export function readConfigFromEnv(): AppConfig {
  return loadConfig(process.env);
}
