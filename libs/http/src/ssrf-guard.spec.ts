// STRICT: these tests only ever send traffic to loopback. The connect guard throws before any socket connects
// elsewhere, and every refusal below is asserted to have produced zero connect attempts.
import { fakeLookup, installConnectGuard, type LocalServer, startHttpServer } from '../test/local-server.js';
import { OutboundHttpClient, OutboundHttpError, parseAllowlist, SsrfGuard } from './index.js';

let server: LocalServer;
let guard: ReturnType<typeof installConnectGuard>;
const clients: OutboundHttpClient[] = [];
const client = (opts: ConstructorParameters<typeof OutboundHttpClient>[0] = {}) => {
  const c = new OutboundHttpClient({ timeoutMs: 2_000, ...opts });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  server = await startHttpServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await server.close();
});
beforeEach(() => {
  guard = installConnectGuard();
  server.hits.length = 0;
});
afterEach(() => guard.restore());

async function expectRefused(c: OutboundHttpClient, url: string): Promise<OutboundHttpError> {
  const err = await c.request({ method: 'GET', url }).then(
    () => {
      throw new Error(`${url} was not refused`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutboundHttpError);
  expect((err as OutboundHttpError).code).toBe('host_not_allowed');
  expect((err as OutboundHttpError).message).toMatch(/refused: .* is (a private or reserved|the unspecified) address.*allowlist/);
  expect(guard.connects).toEqual([]);
  expect(server.hits).toHaveLength(0);
  return err as OutboundHttpError;
}

describe('SSRF guard', () => {
  it('refuses loopback when nothing is allowlisted (IP, localhost, IPv6)', async () => {
    const c = client();
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '127.1', '0.0.0.0', '2130706433', '0x7f000001', '[::ffff:127.0.0.1]']) {
      await expectRefused(c, `http://${host}:${server.port}/`);
    }
    await expectRefused(c, `https://localhost:${server.port}/`);
  });

  it.each([
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:10.0.0.1]/',
    'https://10.0.0.1/',
    'https://169.254.169.254/',
  ])('refuses %s with zero connects, even with 127.0.0.1 allowlisted', async (url) => {
    await expectRefused(client(), url);
    await expectRefused(client({ allowlist: ['127.0.0.1'] }), url);
  });

  it('lets an allowlisted loopback IP through, and only that IP', async () => {
    const c = client({ allowlist: ['127.0.0.1'] });
    const res = await c.request<{ ok: boolean }>({ method: 'GET', url: `${server.origin}/ping` });
    expect(res.data).toEqual({ ok: true });
    expect(guard.connects).toEqual(['127.0.0.1']);
    guard.connects.length = 0;
    server.hits.length = 0;
    await expectRefused(c, `http://127.0.0.2:${server.port}/`);
    await expectRefused(c, `http://[::1]:${server.port}/`);
  });

  it('accepts CIDR entries', async () => {
    const c = client({ allowlist: ['127.0.0.0/30'] });
    await expect(c.request({ method: 'GET', url: `${server.origin}/` })).resolves.toMatchObject({ status: 200 });
    guard.connects.length = 0;
    server.hits.length = 0;
    await expectRefused(c, `http://127.0.0.4:${server.port}/`);
  });

  it('checks the resolved address at connect time, so DNS rebinding is refused', async () => {
    const answers = ['127.0.0.1', '127.0.0.2'];
    const lookup = fakeLookup({ 'rebind.test': () => [answers.shift() ?? '127.0.0.2'], 'evil.test': ['127.0.0.2'] });
    const c = client({ allowlist: ['127.0.0.1'], lookup });
    // First resolution is the allowlisted address: connects fine.
    await expect(c.request({ method: 'GET', url: `http://rebind.test:${server.port}/` })).resolves.toMatchObject({ status: 200 });
    expect(server.hits[0]?.headers.host).toBe(`rebind.test:${server.port}`);
    guard.connects.length = 0;
    server.hits.length = 0;
    // Same name now resolves elsewhere: refused without connecting.
    const err = await expectRefused(c, `http://rebind.test:${server.port}/`);
    expect(err.message).toContain('resolved to 127.0.0.2');
    await expectRefused(c, `http://evil.test:${server.port}/`);
    expect(lookup.calls).toEqual(['rebind.test', 'rebind.test', 'evil.test']);
  });

  it('lets an allowlisted hostname connect wherever it resolves, but no other name', async () => {
    const lookup = fakeLookup({
      'posthog.internal': ['127.0.0.1'],
      'posthog.internal.': ['127.0.0.1'],
      'other.internal': ['127.0.0.1'],
      'zero.internal': ['0.0.0.0'],
    });
    const c = client({ allowlist: ['PostHog.Internal', 'zero.internal'], lookup });
    await expect(c.request({ method: 'GET', url: `http://posthog.internal:${server.port}/` })).resolves.toMatchObject({ status: 200 });
    await expect(c.request({ method: 'GET', url: `http://POSTHOG.internal.:${server.port}/` })).resolves.toMatchObject({ status: 200 });
    expect(guard.connects).toEqual(['127.0.0.1', '127.0.0.1']);
    guard.connects.length = 0;
    server.hits.length = 0;
    await expectRefused(c, `http://other.internal:${server.port}/`);
    // The unspecified address stays refused even for a trusted name.
    await expectRefused(c, `http://zero.internal:${server.port}/`);
    // A hostname entry does not open the IP itself.
    await expectRefused(c, `${server.origin}/`);
  });

  it('reports unknown names as dns_failure', async () => {
    const c = client({ lookup: fakeLookup({}) });
    await expect(c.request({ method: 'GET', url: 'http://nowhere.test/' })).rejects.toMatchObject({ code: 'dns_failure' });
    expect(guard.connects).toEqual([]);
  });

  it('ignores HTTP(S)_PROXY, which would otherwise bypass the filter', async () => {
    const proxy = await startHttpServer((_req, res) => res.end('proxied'));
    const saved = { http: process.env.HTTP_PROXY, https: process.env.HTTPS_PROXY, no: process.env.NO_PROXY };
    process.env.HTTP_PROXY = proxy.origin;
    process.env.HTTPS_PROXY = proxy.origin;
    delete process.env.NO_PROXY;
    try {
      await expectRefused(client(), 'http://10.0.0.1/secret');
      const res = await client({ allowlist: ['127.0.0.1'] }).request({ method: 'GET', url: `${server.origin}/direct` });
      expect(res.data).toEqual({ ok: true });
      expect(proxy.hits).toHaveLength(0);
    } finally {
      for (const [k, v] of [['HTTP_PROXY', saved.http], ['HTTPS_PROXY', saved.https], ['NO_PROXY', saved.no]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await proxy.close();
    }
  });

  it('only accepts http and https URLs', async () => {
    const c = client({ allowlist: ['127.0.0.1'] });
    for (const url of ['data:text/plain,hello', 'file:///etc/passwd', 'ftp://127.0.0.1/', '/relative']) {
      await expect(c.request({ method: 'GET', url })).rejects.toThrow(TypeError);
    }
    expect(guard.connects).toEqual([]);
  });
});

describe('parseAllowlist', () => {
  it('splits hostnames from IPs and CIDRs and normalises them', () => {
    const parsed = parseAllowlist([' PostHog.internal. ', '127.0.0.1', '[::1]', '0:0:0:0:0:0:0:1', '10.0.0.0/8', 'FD00::/8']);
    expect([...parsed.hosts]).toEqual(['posthog.internal']);
    expect(parsed.addresses).toEqual(['127.0.0.1', '::1', '::1', '10.0.0.0/8', 'fd00::/8']);
  });

  it.each(['10.0.0.0/33', '::/129', 'not a host', '*.example.com', 'http://x', '1.2.3.4/x', ''])('rejects %j', (entry) => {
    expect(() => parseAllowlist([entry])).toThrow(TypeError);
  });

  it('treats IP literals as IPs, never as hostnames', () => {
    const guard = new SsrfGuard(['posthog.internal']);
    expect(guard.isAllowlistedHost('posthog.internal')).toBe(true);
    expect(guard.isAllowlistedHost('127.0.0.1')).toBe(false);
    guard.destroy();
  });
});
