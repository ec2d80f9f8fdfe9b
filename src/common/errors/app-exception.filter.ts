import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError, type ErrorKind } from './app-error.js';
import type { ErrorResponse } from './error-response.js';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  bad_request: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  internal: HttpStatus.INTERNAL_SERVER_ERROR,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'service_unavailable',
};

function fromHttpException(e: HttpException): ErrorResponse {
  const statusCode = e.getStatus();
  const body = e.getResponse();
  let message = e.message;
  let details: unknown;
  if (typeof body === 'object' && body && 'message' in body) {
    const m = (body as { message: unknown }).message;
    message = Array.isArray(m) ? m.join('; ') : String(m);
  } else if (typeof body === 'object' && body) {
    // A structured body without a message (terminus's health report) is kept whole as details.
    details = body;
  }
  // Fastify's own errors (bad JSON, wrong content type) arrive with a code of their own, e.g. FST_ERR_CTP_INVALID_MEDIA_TYPE.
  if (statusCode === 400 && /JSON/i.test(message)) return { statusCode, code: 'invalid_json', message: 'The request body is not valid JSON' };
  if (statusCode === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(message)) message = 'No such route';
  const code = CODE_BY_STATUS[statusCode] ?? (statusCode >= 500 ? 'internal_error' : 'http_error');
  return { statusCode, code, message, ...(details !== undefined ? { details } : {}) };
}

/** Every failure leaves through here, so every response has the same `{statusCode, code, message, details?, hint?}` shape. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toResponse(exception);
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toResponse(exception: unknown): ErrorResponse {
    if (exception instanceof AppError) {
      const statusCode = STATUS_BY_KIND[exception.kind];
      if (statusCode >= 500) this.logger.error({ code: exception.code, msg: exception.message });
      return {
        statusCode,
        code: exception.code,
        message: exception.message,
        ...(exception.extra.details !== undefined ? { details: exception.extra.details } : {}),
        ...(exception.extra.hint ? { hint: exception.extra.hint } : {}),
      };
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return fromHttpException(new HttpException((exception as Error).message, fastifyStatus));
    }
    // Unknown errors may carry anything (SQL, URLs), so only the log sees them and the client gets a generic line.
    this.logger.error(exception instanceof Error ? { err: exception } : { err: String(exception) }, 'Unhandled error');
    return { statusCode: 500, code: 'internal_error', message: 'Something went wrong on our side' };
  }
}
