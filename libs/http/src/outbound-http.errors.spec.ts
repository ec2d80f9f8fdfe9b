import { classifyTransportError, OutboundHttpError } from './index.js';

describe('classifyTransportError', () => {
  it.each([
    ['ECONNABORTED', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    ['ENOTFOUND', 'dns_failure'],
    ['EAI_AGAIN', 'dns_failure'],
    ['ECONNREFUSED', 'connection_refused'],
    ['ECONNRESET', 'connection_reset'],
    ['EPIPE', 'connection_reset'],
    ['EPROTO', 'tls_failure'],
    ['CERT_HAS_EXPIRED', 'tls_failure'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls_failure'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls_failure'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls_failure'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls_failure'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls_failure'],
    ['EHOSTUNREACH', 'network_error'],
    [undefined, 'network_error'],
  ])('%s -> %s', (code, expected) => {
    expect(classifyTransportError(code)).toBe(expected);
  });

  it('falls back to the message for codeless errors', () => {
    expect(classifyTransportError(undefined, 'socket hang up')).toBe('connection_reset');
    expect(classifyTransportError(undefined, 'timeout of 10ms exceeded')).toBe('timeout');
  });
});

describe('OutboundHttpError', () => {
  it('scrubs its message and serialises only safe, defined fields', () => {
    const err = new OutboundHttpError('http_error', 'GET https://h/?token=abc failed with key phx_abc', { status: 500, body: { detail: 'x' } });
    expect(err.message).toBe('GET https://h/?token=[REDACTED] failed with key phx_[REDACTED]');
    expect(JSON.parse(JSON.stringify(err))).toEqual({ name: 'OutboundHttpError', code: 'http_error', message: err.message, status: 500, body: { detail: 'x' } });
    expect('retryAfterMs' in err).toBe(false);
    expect(err).toBeInstanceOf(Error);
  });

  it('knows which failures are worth a background retry', () => {
    const retryable = (code: ConstructorParameters<typeof OutboundHttpError>[0], status?: number) => new OutboundHttpError(code, 'x', { status }).retryable;
    expect(['timeout', 'dns_failure', 'connection_refused', 'connection_reset', 'network_error'].every((c) => retryable(c as never))).toBe(true);
    expect(retryable('http_error', 503)).toBe(true);
    expect(retryable('http_error', 404)).toBe(false);
    for (const c of ['rate_limited', 'budget_exhausted', 'redirect', 'host_not_allowed', 'tls_failure', 'response_too_large'] as const) expect(retryable(c)).toBe(false);
  });
});
