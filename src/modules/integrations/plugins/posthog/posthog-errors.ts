import { OutboundHttpError } from '../../../../../libs/http/src/index.js';
import { IntegrationError } from '../../provider/integration.errors.js';
import { errorEnvelopeSchema } from './posthog.schemas.js';

export interface PostHogCallContext {
  host: string;
  projectId?: string | number;
  /** What the call was for, to tell a project ping's 403/404 (project unseen) from an object's. */
  target: 'project' | 'other';
}

const retryHint = (seconds: number) => `Wait ${seconds} seconds and retry.`;

function detailOf(body: unknown): string {
  const parsed = errorEnvelopeSchema.safeParse(body);
  return parsed.success ? (parsed.data.detail ?? '') : '';
}

/**
 * Translates a transport or HTTP failure into the messages Findry's docs promise the admin (ARCHITECTURE.md §1).
 * Each code is stable; the category tells the core whether to mark the connection as failing.
 */
export function postHogError(e: unknown, ctx: PostHogCallContext): IntegrationError {
  if (e instanceof IntegrationError) return e;
  if (!(e instanceof OutboundHttpError)) throw e;
  const hostName = new URL(ctx.host).host;
  switch (e.code) {
    case 'timeout':
      return new IntegrationError('posthog_timeout', "Couldn't reach PostHog: network timeout", 'transient', { hint: `No answer from ${hostName} in time. Check the host and try again.` });
    case 'rate_limited':
    case 'budget_exhausted': {
      const seconds = Math.max(1, Math.ceil((e.retryAfterMs ?? 60_000) / 1000));
      return new IntegrationError('posthog_rate_limited', "Couldn't reach PostHog: 429", 'rate_limited', { hint: retryHint(seconds), retryAfterSeconds: seconds });
    }
    case 'dns_failure':
      return new IntegrationError('posthog_unreachable', `Couldn't reach PostHog: the host ${hostName} was not found (DNS)`, 'transient', { hint: 'Check the spelling of the host.' });
    case 'connection_refused':
      return new IntegrationError('posthog_unreachable', `Couldn't reach PostHog: ${hostName} refused the connection`, 'transient', { hint: 'Check the host and port, and that PostHog is running.' });
    case 'connection_reset':
    case 'network_error':
      return new IntegrationError('posthog_unreachable', `Couldn't reach PostHog: the connection to ${hostName} was dropped`, 'transient', { hint: 'Try again in a moment.' });
    case 'tls_failure':
      return new IntegrationError('posthog_unreachable', `Couldn't reach PostHog: the TLS handshake with ${hostName} failed`, 'transient', {
        hint: 'The server’s certificate is not trusted, or it does not speak https on that port.',
      });
    case 'host_not_allowed':
      return new IntegrationError('host_not_allowed', `${hostName} resolves to a private or reserved address, which Findry does not call`, 'input', {
        hint: 'For an on-premises PostHog, ask your operator to add the host to FINDRY_OUTBOUND_ALLOWLIST.',
      });
    case 'redirect':
      return new IntegrationError('posthog_redirect', `PostHog answered with a redirect${e.redirectOrigin ? ` to ${e.redirectOrigin}` : ''}`, 'input', {
        hint: e.redirectOrigin ? `Use ${e.redirectOrigin} as the host.` : 'Use the address PostHog redirects to as the host.',
      });
    case 'response_too_large':
      return new IntegrationError('posthog_invalid_response', 'PostHog sent a response too large to be one of its API answers', 'transient');
    case 'http_error':
      return fromStatus(e.status ?? 0, detailOf(e.body), ctx);
  }
}

function fromStatus(status: number, detail: string, ctx: PostHogCallContext): IntegrationError {
  if (status === 401) {
    return new IntegrationError('posthog_key_rejected', 'PostHog rejected the API key', 'credentials', { hint: 'The key may be mistyped, deleted or rolled. Create a new Personal API key in PostHog.' });
  }
  const missingScope = /missing required scope '([^']+)'/.exec(detail);
  if (status === 403 && missingScope) {
    return new IntegrationError('posthog_missing_scope', `The API key lacks the ${missingScope[1]} scope`, 'credentials', { hint: `In PostHog, edit the key and add ${missingScope[1]}.` });
  }
  if ((status === 404 || status === 403) && ctx.target === 'project') {
    return new IntegrationError('posthog_project_not_found', `PostHog project ${ctx.projectId} not found`, 'credentials', {
      hint: 'Check the project ID (the number in /project/<id>/ in PostHog’s address bar) and that the key may access that project.',
    });
  }
  if (status === 403) return new IntegrationError('posthog_forbidden', 'PostHog refused access with this key', 'credentials', detail ? { hint: detail } : {});
  if (status >= 500) return new IntegrationError('posthog_server_error', `PostHog answered with a server error (${status})`, 'transient', { hint: 'PostHog may be having trouble; try again later.' });
  return new IntegrationError('posthog_invalid_response', `PostHog answered with an unexpected status ${status}`, 'transient');
}

export function invalidResponse(what: string): IntegrationError {
  return new IntegrationError('posthog_invalid_response', `PostHog sent a response Findry could not understand (${what})`, 'transient', {
    hint: 'Check that the host is a PostHog instance. A very old self-hosted PostHog may need upgrading.',
  });
}
