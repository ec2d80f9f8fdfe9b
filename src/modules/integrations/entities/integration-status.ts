export const INTEGRATION_STATUSES = ['connected', 'disconnected', 'error'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];
