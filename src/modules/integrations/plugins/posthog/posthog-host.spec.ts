import { IntegrationError } from '../../provider/integration.errors.js';
import { normalisePostHogHost } from './posthog-host.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof IntegrationError ? e.code : 'not an IntegrationError';
  }
  return 'no error';
};

describe('normalisePostHogHost', () => {
  it.each([
    ['us', 'https://us.posthog.com'],
    ['EU', 'https://eu.posthog.com'],
    ['  https://US.PostHog.com/  ', 'https://us.posthog.com'],
    ['us.posthog.com', 'https://us.posthog.com'],
    ['https://app.posthog.com', 'https://us.posthog.com'],
    ['https://eu.i.posthog.com', 'https://eu.posthog.com'],
    ['https://posthog.example.com:8443', 'https://posthog.example.com:8443'],
    ['https://posthog.example.com:443', 'https://posthog.example.com'],
  ])('%s → %s', (raw, expected) => {
    expect(normalisePostHogHost(raw, [])).toBe(expected);
  });

  it('allows plain http only for allowlisted hosts, IPs and CIDRs', () => {
    expect(normalisePostHogHost('http://posthog.internal:8000', ['posthog.internal'])).toBe('http://posthog.internal:8000');
    expect(normalisePostHogHost('http://10.1.2.3', ['10.0.0.0/8'])).toBe('http://10.1.2.3');
    expect(normalisePostHogHost('http://127.0.0.1:8010', ['127.0.0.1'])).toBe('http://127.0.0.1:8010');
    expect(codeOf(() => normalisePostHogHost('http://10.1.2.3', ['192.168.0.0/16']))).toBe('invalid_host');
    expect(codeOf(() => normalisePostHogHost('http://posthog.internal', []))).toBe('invalid_host');
  });

  it.each(['', '   ', 'https://us.posthog.com/project/1', 'https://us.posthog.com/?a=1', 'https://us.posthog.com/#x', 'https://a:b@us.posthog.com', 'ftp://us.posthog.com', 'https://', 'localhost', 'https://exa mple.com'])(
    'refuses %j',
    (raw) => {
      expect(codeOf(() => normalisePostHogHost(raw, []))).toBe('invalid_host');
    },
  );
});
