import { originOf, redactDeep, redactSecrets, redactUrl } from './index.js';

describe('redactSecrets', () => {
  it.each([
    ['phx_abcDEF123', 'phx_[REDACTED]'],
    ['key phc_abc123, and phs_XYZ9', 'key phc_[REDACTED], and phs_[REDACTED]'],
    ['"phx_abc"', '"phx_[REDACTED]"'],
    ['key phx_demo_all_access, ok', 'key phx_[REDACTED], ok'],
    ['phx_ab-cd_ef.', 'phx_[REDACTED].'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end', 'jwt [REDACTED] end'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [REDACTED]'],
    ['basic dXNlcjpwYXNz', 'basic [REDACTED]'],
    ['GET /x?personal_api_key=abc&other=1', 'GET /x?personal_api_key=[REDACTED]&other=1'],
    ['?api_key=a&token=b&access_token=c&password=d&sig=e', '?api_key=[REDACTED]&token=[REDACTED]&access_token=[REDACTED]&password=[REDACTED]&sig=[REDACTED]'],
    ['https://h/p?TOKEN=1#x', 'https://h/p?TOKEN=[REDACTED]#x'],
    ['graphs_data and alpha_phx', 'graphs_data and alpha_phx'],
    ['nothing to see', 'nothing to see'],
  ])('%j -> %j', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });
});

describe('redactUrl', () => {
  it('keeps origin, path and harmless params; drops user-info and fragment', () => {
    expect(redactUrl('https://user:pw@us.posthog.com:8443/api/projects/1/?personal_api_key=phx_abc&limit=10&q=phx_zzz#frag')).toBe(
      'https://us.posthog.com:8443/api/projects/1/?personal_api_key=[REDACTED]&limit=10&q=[REDACTED]',
    );
  });

  it('redacts encoded names and secret-shaped path segments', () => {
    expect(redactUrl('http://h/keys/phx_abc/?api%5Fkey=x&Token=y&flag')).toBe('http://h/keys/phx_[REDACTED]/?api%5Fkey=[REDACTED]&Token=[REDACTED]&flag');
  });

  it('handles IPv6 and unparseable input', () => {
    expect(redactUrl('http://[::1]:80/a')).toBe('http://[::1]/a');
    expect(redactUrl('::nope')).toBe('[unparseable URL]');
  });
});

describe('originOf', () => {
  it('resolves relative locations and returns origins only', () => {
    expect(originOf('https://evil.example:8443/steal?token=x')).toBe('https://evil.example:8443');
    expect(originOf('/next?token=x', 'http://127.0.0.1:9/a')).toBe('http://127.0.0.1:9');
    expect(originOf('http://[')).toBeUndefined();
    expect(originOf('data:text/plain,x')).toBeUndefined();
  });
});

describe('redactDeep', () => {
  it('scrubs strings and credential-named fields, keeps error fields', () => {
    const body = {
      type: 'authentication_error',
      code: 'permission_denied',
      detail: 'key phx_abc is invalid',
      api_key: 'plain',
      Authorization: 'Bearer x',
      nested: [{ token: 42, list: ['phc_1'] }],
      personal_api_key: { id: 'k1' },
    };
    expect(redactDeep(body)).toEqual({
      type: 'authentication_error',
      code: 'permission_denied',
      detail: 'key phx_[REDACTED] is invalid',
      api_key: '[REDACTED]',
      Authorization: '[REDACTED]',
      nested: [{ token: '[REDACTED]', list: ['phc_[REDACTED]'] }],
      personal_api_key: { id: 'k1' },
    });
    expect(body.detail).toBe('key phx_abc is invalid');
  });

  it('stops at a depth limit', () => {
    let deep: unknown = 'phx_x';
    for (let i = 0; i < 50; i++) deep = [deep];
    expect(JSON.stringify(redactDeep(deep))).not.toContain('phx_x');
  });
});
