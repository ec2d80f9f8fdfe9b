import { inspect } from 'node:util';
import { closedPort, type LocalServer, startHttpServer, startSelfSignedHttpsServer } from '../test/local-server.js';
import { OutboundHttpClient, type OutboundHttpClientOptions, OutboundHttpError, type OutboundRequest } from './index.js';

const KEY = 'phx_TopSecretPersonalApiKey0123456789';
const servers: LocalServer[] = [];
const clients: OutboundHttpClient[] = [];

async function serve(handler: Parameters<typeof startHttpServer>[0]): Promise<LocalServer> {
  const s = await startHttpServer(handler);
  servers.push(s);
  return s;
}
function client(opts: OutboundHttpClientOptions = {}): OutboundHttpClient {
  const c = new OutboundHttpClient({ allowlist: ['127.0.0.1'], backoff: { baseMs: 1, capMs: 5 }, ...opts });
  clients.push(c);
  return c;
}
async function failure(c: OutboundHttpClient, req: OutboundRequest): Promise<OutboundHttpError> {
  const e = await c.request(req).then(
    () => {
      throw new Error('request unexpectedly succeeded');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OutboundHttpError);
  return e as OutboundHttpError;
}
function expectNoSecret(err: OutboundHttpError, extra: string[] = []): void {
  for (const text of [err.message, err.stack ?? '', JSON.stringify(err), inspect(err, { depth: 10 }), ...extra]) {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('TopSecret');
  }
  expect(err).not.toHaveProperty('config');
  expect(err).not.toHaveProperty('request');
  expect(err).not.toHaveProperty('response');
  expect(err.cause).toBeUndefined();
}

afterAll(async () => {
  clients.forEach((c) => c.close());
  await Promise.all(servers.map((s) => s.close()));
});

describe('OutboundHttpClient', () => {
  it('returns status, headers and parsed JSON; sends params, headers and JSON bodies', async () => {
    const s = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('x-trace', 'abc');
        res.end(JSON.stringify({ method: req.method, url: req.url, body, ct: req.headers['content-type'], auth: req.headers.authorization }));
      });
    });
    const res = await client().request<Record<string, string>>({
      method: 'POST',
      url: `${s.origin}/api/query/?a=1`,
      params: { b: 'x y', c: [1, 2], skip: undefined },
      headers: { Authorization: 'Bearer t0ken' },
      data: { query: { kind: 'HogQLQuery' } },
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-trace']).toBe('abc');
    expect(res.data).toEqual({
      method: 'POST',
      url: '/api/query/?a=1&b=x+y&c=1&c=2',
      body: '{"query":{"kind":"HogQLQuery"}}',
      ct: 'application/json',
      auth: 'Bearer t0ken',
    });
  });

  it('returns text bodies as strings and empty bodies as null', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/empty') {
        res.statusCode = 204;
        res.end();
      } else res.end('plain text');
    });
    await expect(client().request({ method: 'GET', url: `${s.origin}/text` })).resolves.toMatchObject({ data: 'plain text' });
    await expect(client().request({ method: 'GET', url: `${s.origin}/empty` })).resolves.toMatchObject({ status: 204, data: null });
  });

  describe('timeouts', () => {
    it('fails with timeout when the server never answers', async () => {
      const s = await serve(() => undefined);
      const started = Date.now();
      const err = await failure(client({ timeoutMs: 200 }), { method: 'GET', url: `${s.origin}/hang?personal_api_key=${KEY}` });
      expect(err.code).toBe('timeout');
      expect(err.message).toContain('timed out after 200 ms');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(err.retryable).toBe(true);
      expectNoSecret(err);
    });

    it('bounds the whole exchange, not just idle time (a trickling body times out)', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const t = setInterval(() => res.write('.'), 40);
        res.on('close', () => clearInterval(t));
      });
      const err = await failure(client(), { method: 'GET', url: `${s.origin}/slow`, timeoutMs: 300 });
      expect(err.code).toBe('timeout');
    });
  });

  it('caps the response size', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/chunked') {
        res.write('x'.repeat(600));
        res.end('x'.repeat(600));
      } else res.end('x'.repeat(2048));
    });
    const c = client({ maxResponseBytes: 1024 });
    for (const path of ['/big', '/chunked']) {
      const err = await failure(c, { method: 'GET', url: `${s.origin}${path}` });
      expect(err.code).toBe('response_too_large');
      expect(err.message).toContain('1024 bytes');
    }
    await expect(client({ maxResponseBytes: 4096 }).request({ method: 'GET', url: `${s.origin}/big` })).resolves.toMatchObject({ status: 200 });
  });

  describe('redirects', () => {
    it('never follows them and names only the target origin', async () => {
      const s = await serve((req, res) => {
        const location = req.url === '/relative' ? `/elsewhere?token=${KEY}` : `https://evil.example:8443/steal/${KEY}?personal_api_key=${KEY}#frag`;
        res.writeHead(302, { location });
        res.end();
      });
      const c = client();
      const err = await failure(c, { method: 'GET', url: `${s.origin}/start?personal_api_key=${KEY}`, headers: { Authorization: `Bearer ${KEY}` } });
      expect(err).toMatchObject({ code: 'redirect', status: 302, redirectOrigin: 'https://evil.example:8443' });
      expect(err.message).toContain('https://evil.example:8443');
      expect(err.message).not.toContain('/steal');
      expect(err.message).not.toContain('frag');
      expectNoSecret(err);
      const rel = await failure(c, { method: 'GET', url: `${s.origin}/relative` });
      expect(rel.redirectOrigin).toBe(s.origin);
      expect(rel.message).not.toContain('/elsewhere');
      expect(s.hits.map((h) => h.url.split('?')[0])).toEqual(['/start', '/relative']);
    });
  });

  describe('retries', () => {
    it('retries 5xx with backoff: retries: 2 sends 3 requests', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"detail":"down"}');
      });
      const attempts: number[] = [];
      const c = client({ log: { onResponse: (e) => attempts.push(e.attempt) } });
      const err = await failure(c, { method: 'GET', url: `${s.origin}/`, retries: 2 });
      expect(err).toMatchObject({ code: 'http_error', status: 503, body: { detail: 'down' }, attempts: 3 });
      expect(s.hits).toHaveLength(3);
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('does not retry by default (interactive calls)', async () => {
      const s = await serve((_req, res) => {
        res.statusCode = 500;
        res.end();
      });
      const err = await failure(client(), { method: 'GET', url: `${s.origin}/` });
      expect(err).toMatchObject({ code: 'http_error', status: 500, attempts: 1 });
      expect(s.hits).toHaveLength(1);
    });

    it('succeeds once the server recovers', async () => {
      const s = await serve((_req, res, hit) => {
        res.statusCode = hit < 3 ? 502 : 200;
        res.end(hit < 3 ? '' : '{"ok":1}');
      });
      await expect(client().request({ method: 'GET', url: `${s.origin}/`, retries: 5 })).resolves.toMatchObject({ data: { ok: 1 } });
      expect(s.hits).toHaveLength(3);
    });

    it.each([400, 401, 403, 404, 422])('never retries %i', async (status) => {
      const s = await serve((_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'authentication_error', code: 'not_authenticated', detail: `bad key ${KEY}`, token: 'abc' }));
      });
      const err = await failure(client(), { method: 'GET', url: `${s.origin}/?api_key=${KEY}`, retries: 3 });
      expect(err).toMatchObject({ code: 'http_error', status, attempts: 1, body: { type: 'authentication_error', code: 'not_authenticated', token: '[REDACTED]' } });
      expect(err.retryable).toBe(false);
      expect(s.hits).toHaveLength(1);
      expectNoSecret(err);
    });

    it('does not retry a 429 straight away', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(429, { 'retry-after': '7' });
        res.end();
      });
      const err = await failure(client(), { method: 'GET', url: `${s.origin}/`, retries: 3 });
      expect(err).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 7_000, attempts: 1 });
      expect(s.hits).toHaveLength(1);
    });

    it('retries network errors (refused) when asked', async () => {
      const port = await closedPort();
      const attempts: number[] = [];
      const c = client({ log: { onRequest: (e) => attempts.push(e.attempt) } });
      const err = await failure(c, { method: 'GET', url: `http://127.0.0.1:${port}/`, retries: 2 });
      expect(err).toMatchObject({ code: 'connection_refused', causeCode: 'ECONNREFUSED', attempts: 3 });
      expect(attempts).toEqual([1, 2, 3]);
    });
  });

  describe('network failures', () => {
    it('maps a refused connection', async () => {
      const port = await closedPort();
      const err = await failure(client(), { method: 'GET', url: `http://127.0.0.1:${port}/x?token=${KEY}` });
      expect(err).toMatchObject({ code: 'connection_refused', attempts: 1 });
      expect(err.message).toContain(`connection refused by http://127.0.0.1:${port}`);
      expectNoSecret(err);
    });

    it('maps a reset connection', async () => {
      const s = await serve((req) => req.socket.resetAndDestroy());
      const err = await failure(client(), { method: 'GET', url: `${s.origin}/` });
      expect(err.code).toBe('connection_reset');
      expect(err.retryable).toBe(true);
    });

    it('maps a closed socket without a response ("socket hang up")', async () => {
      const s = await serve((req) => req.socket.destroy());
      const err = await failure(client(), { method: 'GET', url: `${s.origin}/` });
      expect(err.code).toBe('connection_reset');
    });

    it('maps an untrusted (self-signed) certificate to tls_failure and does not retry it', async () => {
      const s = await startSelfSignedHttpsServer((_req, res) => res.end('never'));
      servers.push(s);
      const err = await failure(client(), { method: 'GET', url: `${s.origin}/`, retries: 2 });
      expect(err).toMatchObject({ code: 'tls_failure', attempts: 1 });
      expect(err.causeCode).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
      expect(s.hits).toHaveLength(0);
    });

    it('maps speaking TLS to a plain HTTP server to tls_failure', async () => {
      const s = await serve((_req, res) => res.end('plain'));
      const err = await failure(client(), { method: 'GET', url: `https://127.0.0.1:${s.port}/` });
      expect(err.code).toBe('tls_failure');
    });
  });

  describe('secrets', () => {
    it('keeps keys out of messages, JSON, inspect output and log events', async () => {
      const s = await serve((req, res) => {
        if (req.url?.startsWith('/hang')) return;
        if (req.url?.startsWith('/redirect')) {
          res.writeHead(301, { location: `http://127.0.0.1:1/?personal_api_key=${KEY}` });
          res.end();
          return;
        }
        res.writeHead(401, { 'content-type': 'application/json' });
        // Some APIs echo the credential back; it must not survive on the error.
        res.end(JSON.stringify({ detail: `Personal API key ${KEY} is invalid`, authorization: `Bearer ${KEY}`, nested: [{ k: KEY }] }));
      });
      const logs: string[] = [];
      const c = client({ timeoutMs: 200, log: { onRequest: (e) => logs.push(JSON.stringify(e)), onResponse: (e) => logs.push(JSON.stringify(e)) } });
      const common = { method: 'GET' as const, headers: { Authorization: `Bearer ${KEY}`, 'X-Api-Key': KEY }, params: { personal_api_key: KEY, q: KEY, other: 'visible' } };
      const errors = [
        await failure(c, { ...common, url: `${s.origin}/redirect` }),
        await failure(c, { ...common, url: `${s.origin}/hang` }),
        await failure(c, { ...common, url: `${s.origin}/401/${KEY}` }),
      ];
      expect(errors.map((e) => e.code)).toEqual(['redirect', 'timeout', 'http_error']);
      for (const err of errors) expectNoSecret(err, logs);
      expect(errors[2]!.message).toContain('personal_api_key=[REDACTED]');
      expect(errors[2]!.message).toContain('other=visible');
      expect(errors[2]!.message).toContain('/401/phx_[REDACTED]');
      expect(JSON.stringify(errors[2])).toContain('"code":"http_error"');
      expect(logs.length).toBe(6);
      // The server did receive the real credentials: redaction applies to our records only.
      expect(s.hits[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    });
  });

  it('rejects bad options and URLs with TypeError', async () => {
    expect(() => new OutboundHttpClient({ timeoutMs: 0 })).toThrow(TypeError);
    expect(() => new OutboundHttpClient({ allowlist: ['not valid!'] })).toThrow(TypeError);
    await expect(client().request({ method: 'GET', url: 'not a url' })).rejects.toThrow(TypeError);
    await expect(client().request({ method: 'GET', url: 'http://127.0.0.1/', budget: { key: 'k', cls: 'default', mode: 'fail' } })).rejects.toThrow(/RateBudget/);
  });
});
