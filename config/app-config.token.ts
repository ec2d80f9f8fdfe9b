/** DI token for the validated {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** The database URL the process actually uses (the embedded server's when DATABASE_URL is unset). */
export const RUNTIME_DATABASE_URL = Symbol('RUNTIME_DATABASE_URL');
