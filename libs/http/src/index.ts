export {
  type OutboundHttpClientOptions,
  OutboundHttpClient,
  type OutboundHttpLog,
  type OutboundRequest,
  type OutboundResponse,
  type RequestBudget,
} from './outbound-http.client.js';
export { classifyTransportError, OUTBOUND_HTTP_ERROR_CODES, OutboundHttpError, type OutboundHttpErrorCode, type OutboundHttpErrorDetails } from './outbound-http.errors.js';
export {
  type AcquireOptions,
  RATE_BUDGET_TABLE,
  RATE_BUDGET_TABLE_DDL,
  RateBudget,
  type RateBudgetOptions,
  type RateBudgetState,
  rateBudgetTableDdl,
  type RateWindow,
  type ThrottleClasses,
} from './rate-budget.js';
export { originOf, REDACTED, redactDeep, redactSecrets, redactUrl } from './redact.js';
export { type BackoffOptions, backoffDelayMs, DEFAULT_RETRY_AFTER_MS, parseRetryAfterMs } from './retry-policy.js';
export { type GuardedAgents, parseAllowlist, type ParsedAllowlist, SsrfGuard, ssrfRefusal } from './ssrf-guard.js';
