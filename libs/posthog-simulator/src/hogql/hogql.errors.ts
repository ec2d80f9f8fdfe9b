/**
 * Every user-facing HogQL failure. PostHog answers all of them with HTTP 400
 * `{"type":"validation_error","code":"invalid_input","detail":<message>}`, so the HTTP layer
 * only needs `code` and `message`; it never has to branch on the text.
 */
export class HogQLError extends Error {
  readonly code = 'invalid_input' as const;

  constructor(message: string) {
    super(message);
    this.name = 'HogQLError';
  }
}

/**
 * Verbatim from `posthog/hogql/user_query_validator.py` (OFFSET_NOT_ALLOWED_MESSAGE). Clients may
 * match on it, so it must not be reworded.
 */
export const OFFSET_NOT_ALLOWED_MESSAGE =
  'OFFSET is not supported on queries made with a personal API key. ' +
  'For pagination, use keyset pagination on the `timestamp` column, e.g. ' +
  '`WHERE timestamp > :last_seen_timestamp ORDER BY timestamp LIMIT N`. ' +
  'For bulk data extraction, use batch exports: https://posthog.com/docs/cdp/batch-exports';

/** Real HogQL accepts far more than the simulator; saying which construct is missing beats a vague syntax error. */
export function unsupportedConstruct(construct: string): HogQLError {
  return new HogQLError(`Unsupported HogQL construct: ${construct}`);
}
