import { AppError } from '../../../common/errors/app-error.js';

/**
 * How the core reacts to a failure, independent of which service raised it:
 * - `credentials`: the key is refused or cannot see the project; a background check moves the connection to `error`.
 * - `rate_limited`: nothing was wrong, try later; never recorded against the connection.
 * - `transient`: the service could not be reached or answered badly; recorded, status unchanged.
 * - `input`: what the admin typed is unusable (malformed host, wrong kind of key); nothing is sent.
 */
export type IntegrationErrorCategory = 'credentials' | 'rate_limited' | 'transient' | 'input';

/**
 * A failure talking to an external service, with a stable code the UI can branch on and a message fit to show an
 * admin. Reported as HTTP 422 at the edge: the request was well-formed, the external side (or its answer) said no.
 */
export class IntegrationError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly category: IntegrationErrorCategory,
    readonly meta: { hint?: string; retryAfterSeconds?: number } = {},
  ) {
    super('unprocessable', code, message, meta.hint ? { hint: meta.hint } : {});
    this.name = 'IntegrationError';
  }
}
