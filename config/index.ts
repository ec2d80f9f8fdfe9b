import { loadConfig, type AppConfig } from './app-config.js';

export { APP_CONFIG, RUNTIME_DATABASE_URL } from './app-config.token.js';
export { ConfigError, loadConfig, type AppConfig } from './app-config.js';
export { ConfigModule } from './config.module.js';
export { fillSecretsFromDataDir, type SecretNotice } from './data-dir-secrets.js';

/**
 * The one place the process environment is read. `defaults` apply where the environment is silent; `overrides`
 * win over it (the demo pins the outbound allowlist to its local simulator, for instance).
 */
export function readConfigFromEnv(defaults: Record<string, string> = {}, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...defaults, ...process.env, ...overrides });
}
