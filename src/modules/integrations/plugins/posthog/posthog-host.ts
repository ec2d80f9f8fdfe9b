import { BlockList, isIP } from 'node:net';
import { IntegrationError } from '../../provider/integration.errors.js';

export const POSTHOG_HOST_PRESETS = [
  { label: 'PostHog Cloud US', value: 'https://us.posthog.com' },
  { label: 'PostHog Cloud EU', value: 'https://eu.posthog.com' },
];

// Short names for the presets, and PostHog hosts that only redirect to (or ingest for) the app hosts.
const ALIASES: Record<string, string> = {
  us: 'https://us.posthog.com',
  eu: 'https://eu.posthog.com',
  'app.posthog.com': 'https://us.posthog.com',
  'us.i.posthog.com': 'https://us.posthog.com',
  'eu.i.posthog.com': 'https://eu.posthog.com',
};

const invalid = (message: string, hint?: string) => new IntegrationError('invalid_host', message, 'input', hint ? { hint } : {});

function isOnAllowlist(hostname: string, allowlist: readonly string[]): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (!family) return allowlist.includes(hostname);
  const block = new BlockList();
  for (const entry of allowlist) {
    const [addr, bits] = entry.split('/');
    const type = isIP(addr ?? '') === 6 ? 'ipv6' : isIP(addr ?? '') === 4 ? 'ipv4' : undefined;
    if (!type) continue;
    if (bits) block.addSubnet(addr!, Number(bits), type);
    else block.addAddress(addr!, type);
  }
  return block.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Turns what an admin typed into a PostHog origin: trimmed, lower-case, no trailing slash, and nothing but
 * scheme, host and port. Plain http is allowed only for hosts on the operator allowlist (an on-premises PostHog).
 */
export function normalisePostHogHost(raw: string, allowlist: readonly string[]): string {
  const trimmed = raw.trim().toLowerCase();
  if (!trimmed) throw invalid('Enter your PostHog host, for example https://us.posthog.com');
  const alias = ALIASES[trimmed.replace(/^https?:\/\//, '').replace(/\/+$/, '')];
  if (alias) return alias;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid('That is not a valid PostHog host', 'Use the address you open PostHog at, e.g. https://us.posthog.com or https://posthog.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`PostHog hosts use https, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw invalid('The PostHog host must not contain a user name or password');
  if (url.pathname !== '/' || url.search || url.hash) {
    throw invalid('The PostHog host must be just the origin, with no path or query', `Try ${url.protocol}//${url.host}`);
  }
  if (!url.hostname || (!url.hostname.includes('.') && !isIP(url.hostname.replace(/^\[(.*)\]$/, '$1')) && !allowlist.includes(url.hostname))) {
    throw invalid('That is not a valid PostHog host', 'Use a full host name such as posthog.example.com');
  }
  if (url.protocol === 'http:' && !isOnAllowlist(url.hostname, allowlist)) {
    throw invalid('PostHog must be reached over https', 'Use https://, or ask your operator to allowlist an internal host in FINDRY_OUTBOUND_ALLOWLIST');
  }
  return url.origin;
}
