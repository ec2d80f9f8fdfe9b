/**
 * PostHog's DRF error envelope (`posthog.exceptions.exception_handler` wrapping drf-exceptions-hog):
 * `{type, code, detail, attr}`. Handlers throw these; the dispatcher renders them once.
 */
export type ErrorType =
  | 'authentication_error'
  | 'invalid_request'
  | 'validation_error'
  | 'throttled_error'
  | 'server_error';

export interface ErrorEnvelope {
  type: ErrorType;
  code: string;
  detail: string;
  attr: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly envelope: ErrorEnvelope | null,
    readonly headers: Record<string, string> = {},
  ) {
    super(envelope?.detail ?? `HTTP ${status}`);
  }

  static notAuthenticated(): ApiError {
    return new ApiError(401, {
      type: 'authentication_error',
      code: 'not_authenticated',
      detail: 'Authentication credentials were not provided.',
      attr: null,
    });
  }

  static authenticationFailed(detail: string): ApiError {
    return new ApiError(401, { type: 'authentication_error', code: 'authentication_failed', detail, attr: null });
  }

  static permissionDenied(detail: string): ApiError {
    return new ApiError(403, { type: 'authentication_error', code: 'permission_denied', detail, attr: null });
  }

  static notFound(detail = 'Not found.'): ApiError {
    return new ApiError(404, { type: 'invalid_request', code: 'not_found', detail, attr: null });
  }

  /** ForbidDestroyModel answers a bare 405 with no body at all (not even `{}`). */
  static destroyForbidden(): ApiError {
    return new ApiError(405, null);
  }

  static methodNotAllowed(method: string): ApiError {
    return new ApiError(405, {
      type: 'invalid_request',
      code: 'method_not_allowed',
      detail: `Method "${method}" not allowed.`,
      attr: null,
    });
  }

  static parseError(detail: string): ApiError {
    return new ApiError(400, { type: 'invalid_request', code: 'parse_error', detail, attr: null });
  }

  static unsupportedMediaType(contentType: string): ApiError {
    return new ApiError(415, {
      type: 'invalid_request',
      code: 'unsupported_media_type',
      detail: `Unsupported media type "${contentType}" in request.`,
      attr: null,
    });
  }

  /** drf-exceptions-hog rewrites DRF's bare `invalid` code to `invalid_input`. */
  static validation(detail: string, attr: string | null = null, code = 'invalid_input'): ApiError {
    return new ApiError(400, { type: 'validation_error', code: code === 'invalid' ? 'invalid_input' : code, detail, attr });
  }

  static required(attr: string): ApiError {
    return ApiError.validation('This field is required.', attr, 'required');
  }

  /** DRF's Throttled: the wait is ceil'd, and one second is singular. */
  static throttled(waitSeconds: number): ApiError {
    const wait = Math.max(1, Math.ceil(waitSeconds));
    const unit = wait === 1 ? 'second' : 'seconds';
    return new ApiError(
      429,
      {
        type: 'throttled_error',
        code: 'throttled',
        detail: `Request was throttled. Expected available in ${wait} ${unit}.`,
        attr: null,
      },
      { 'Retry-After': String(wait) },
    );
  }

  static endpointNotFound(): ApiError {
    return new ApiError(404, { type: 'invalid_request', code: 'not_found', detail: 'Endpoint not found.', attr: null });
  }
}
