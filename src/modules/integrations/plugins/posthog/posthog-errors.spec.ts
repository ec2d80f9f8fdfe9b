import { OutboundHttpError } from '../../../../../libs/http/src/index.js';
import { postHogError } from './posthog-errors.js';

const ctx = { host: 'https://posthog.example.com', projectId: 7, target: 'project' as const };

describe('postHogError', () => {
  it.each([
    ['timeout', {}, 'posthog_timeout', "Couldn't reach PostHog: network timeout", 'transient'],
    ['dns_failure', {}, 'posthog_unreachable', "Couldn't reach PostHog: the host posthog.example.com was not found (DNS)", 'transient'],
    ['connection_refused', {}, 'posthog_unreachable', "Couldn't reach PostHog: posthog.example.com refused the connection", 'transient'],
    ['connection_reset', {}, 'posthog_unreachable', "Couldn't reach PostHog: the connection to posthog.example.com was dropped", 'transient'],
    ['tls_failure', {}, 'posthog_unreachable', "Couldn't reach PostHog: the TLS handshake with posthog.example.com failed", 'transient'],
    ['host_not_allowed', {}, 'host_not_allowed', 'posthog.example.com resolves to a private or reserved address, which Findry does not call', 'input'],
    ['redirect', { redirectOrigin: 'https://eu.posthog.com' }, 'posthog_redirect', 'PostHog answered with a redirect to https://eu.posthog.com', 'input'],
    ['rate_limited', { retryAfterMs: 12_500 }, 'posthog_rate_limited', "Couldn't reach PostHog: 429", 'rate_limited'],
    ['budget_exhausted', { retryAfterMs: 3_000 }, 'posthog_rate_limited', "Couldn't reach PostHog: 429", 'rate_limited'],
    ['http_error', { status: 401 }, 'posthog_key_rejected', 'PostHog rejected the API key', 'credentials'],
    ['http_error', { status: 404 }, 'posthog_project_not_found', 'PostHog project 7 not found', 'credentials'],
    ['http_error', { status: 403, body: { detail: 'API key does not have access to the requested project: ID 7.' } }, 'posthog_project_not_found', 'PostHog project 7 not found', 'credentials'],
    ['http_error', { status: 403, body: { detail: "API key missing required scope 'project:read'" } }, 'posthog_missing_scope', 'The API key lacks the project:read scope', 'credentials'],
    ['http_error', { status: 502 }, 'posthog_server_error', 'PostHog answered with a server error (502)', 'transient'],
  ] as const)('%s %j → %s', (code, details, expectedCode, message, category) => {
    const e = postHogError(new OutboundHttpError(code, 'x', details), ctx);
    expect([e.code, e.message, e.category]).toEqual([expectedCode, message, category]);
  });

  it('rounds the wait up for the rate-limit hint', () => {
    expect(postHogError(new OutboundHttpError('rate_limited', 'x', { retryAfterMs: 12_500 }), ctx).extra.hint).toBe('Wait 13 seconds and retry.');
    expect(postHogError(new OutboundHttpError('rate_limited', 'x', {}), ctx).extra.hint).toBe('Wait 60 seconds and retry.');
  });

  it('treats a 403/404 on a call that is not the project ping as forbidden/unexpected, not "project not found"', () => {
    expect(postHogError(new OutboundHttpError('http_error', 'x', { status: 403 }), { ...ctx, target: 'other' }).code).toBe('posthog_forbidden');
    expect(postHogError(new OutboundHttpError('http_error', 'x', { status: 404 }), { ...ctx, target: 'other' }).code).toBe('posthog_invalid_response');
  });
});
