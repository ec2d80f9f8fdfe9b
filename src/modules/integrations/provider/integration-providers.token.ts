/** Collects every registered IntegrationProvider instance (an array). */
export const INTEGRATION_PROVIDERS = Symbol('INTEGRATION_PROVIDERS');
