/**
 * What kind of failure an error is. Domain code picks the kind; the HTTP status is chosen once, in
 * {@link AppExceptionFilter}, so services never think in status codes.
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** A failure with a stable machine-readable `code` and a human `message` that is safe to show. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly extra: { details?: unknown; hint?: string } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}
