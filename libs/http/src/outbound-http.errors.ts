import { redactSecrets } from './redact.js';

/** Stable codes for every way an outbound call can fail; integrations map these to their own error types. */
export const OUTBOUND_HTTP_ERROR_CODES = [
  'timeout',
  'dns_failure',
  'connection_refused',
  'connection_reset',
  'tls_failure',
  'host_not_allowed',
  'redirect',
  'response_too_large',
  'http_error',
  'rate_limited',
  'budget_exhausted',
  'network_error',
] as const;

export type OutboundHttpErrorCode = (typeof OUTBOUND_HTTP_ERROR_CODES)[number];

/** Extra, non-secret facts about a failure. */
export interface OutboundHttpErrorDetails {
  /** HTTP status for `http_error`, `redirect` and `rate_limited` (when a response arrived). */
  status?: number;
  /** For `rate_limited` / `budget_exhausted`: how long until a call may be attempted again. */
  retryAfterMs?: number;
  /** For `redirect`: scheme + host + port of the Location target (never the path or query). */
  redirectOrigin?: string;
  /** For `http_error`: the parsed JSON body, already scrubbed of secrets. */
  body?: unknown;
  /** The Node/axios error code behind a transport failure (e.g. `ECONNRESET`), for diagnostics. */
  causeCode?: string;
  /** How many requests were actually sent for this call (0 when refused before sending). */
  attempts?: number;
}

/**
 * The only error type thrown by the outbound HTTP client and rate budget.
 *
 * It deliberately carries no axios config, request or headers (those hold credentials) and no `cause`; the
 * message holds method + redacted URL only and is scrubbed once more on construction.
 */
export class OutboundHttpError extends Error {
  override readonly name = 'OutboundHttpError';
  readonly code: OutboundHttpErrorCode;
  // `declare`d so absent details are absent keys rather than own `undefined` properties.
  declare readonly status?: number;
  declare readonly retryAfterMs?: number;
  declare readonly redirectOrigin?: string;
  declare readonly body?: unknown;
  declare readonly causeCode?: string;
  declare readonly attempts?: number;

  constructor(code: OutboundHttpErrorCode, message: string, details: OutboundHttpErrorDetails = {}) {
    super(redactSecrets(message));
    this.code = code;
    // Only defined keys, so `toJSON`/logs stay small and `'status' in err` is meaningful.
    for (const [k, v] of Object.entries(details)) if (v !== undefined) Object.assign(this, { [k]: v });
  }

  /** Whether a background job may retry the same call after a backoff. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code) || (this.code === 'http_error' && (this.status ?? 0) >= 500);
  }

  toJSON(): Record<string, unknown> {
    const { name, code, message, status, retryAfterMs, redirectOrigin, body, causeCode, attempts } = this;
    return Object.fromEntries(
      Object.entries({ name, code, message, status, retryAfterMs, redirectOrigin, body, causeCode, attempts }).filter(([, v]) => v !== undefined),
    );
  }
}

// A 429 is not here on purpose: it pauses the budget instead of being retried straight away.
const RETRYABLE = new Set<OutboundHttpErrorCode>(['timeout', 'dns_failure', 'connection_refused', 'connection_reset', 'network_error']);

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);
const TLS_CODES = new Set([
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
]);

/** Maps a Node/axios transport error code (and message, for codeless errors) to an {@link OutboundHttpErrorCode}. */
export function classifyTransportError(code: string | undefined, message = ''): OutboundHttpErrorCode {
  if (code && TIMEOUT_CODES.has(code)) return 'timeout';
  if (code && DNS_CODES.has(code)) return 'dns_failure';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code && RESET_CODES.has(code)) return 'connection_reset';
  if (code && (TLS_CODES.has(code) || code.startsWith('CERT_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'))) {
    return 'tls_failure';
  }
  if (/socket hang up/i.test(message)) return 'connection_reset';
  if (/timeout|timed out/i.test(message)) return 'timeout';
  return 'network_error';
}
