// Test-only helpers for libs/http specs: loopback servers, a connect guard and a fake resolver.
// Every helper here only ever talks to 127.0.0.1 / ::1.
import { execFileSync } from 'node:child_process';
import dns from 'node:dns';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface LocalServer {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  port: number;
  /** Every request that reached the server, in arrival order. */
  hits: RecordedRequest[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

async function listen(server: http.Server | https.Server, scheme: 'http' | 'https', hits: RecordedRequest[]): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A plain HTTP server on 127.0.0.1, random port. */
export function startHttpServer(handler: Handler): Promise<LocalServer> {
  const hits: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res, hits.length);
  });
  return listen(server, 'http', hits);
}

/** An HTTPS server on 127.0.0.1 with a throwaway self-signed certificate made by the openssl CLI. */
export function startSelfSignedHttpsServer(handler: Handler): Promise<LocalServer> {
  const dir = mkdtempSync(join(tmpdir(), 'findry-http-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    const hits: RecordedRequest[] = [];
    const server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      handler(req, res, hits.length);
    });
    return listen(server, 'https', hits);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A loopback port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const isLoopback = (address: string): boolean => net.isIPv4(address) ? address.startsWith('127.') : address === '::1';

/**
 * Wraps `net.Socket.prototype.connect` to record every address a socket is about to connect to, and to throw
 * before connecting anywhere that is not loopback. Hostname connects are checked on the resolved addresses
 * (after the SSRF filter's own lookup, which runs inside the resolver we wrap).
 */
export function installConnectGuard(): { connects: string[]; restore(): void } {
  const connects: string[] = [];
  const original = net.Socket.prototype.connect;
  const refuse = (address: string) => new Error(`connect guard: refused to connect to non-loopback ${address}`);
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    const options = (Array.isArray(first) ? first[0] : typeof first === 'object' && first !== null ? first : { port: first, host: args[1] }) as net.TcpSocketConnectOpts & { path?: string };
    if (!options.path) {
      const host = options.host ?? 'localhost';
      if (net.isIP(host)) {
        connects.push(host);
        if (!isLoopback(host)) throw refuse(host);
      } else {
        const inner = options.lookup ?? dns.lookup;
        options.lookup = ((hostname: string, opts: dns.LookupOptions, cb: (...a: unknown[]) => void) =>
          (inner as (...a: unknown[]) => void)(hostname, opts, (err: Error | null, address: string | dns.LookupAddress[], family?: number) => {
            if (err) return cb(err);
            const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
            for (const a of list) {
              connects.push(a);
              if (!isLoopback(a)) return cb(refuse(a));
            }
            cb(null, address, family);
          })) as LookupFunction;
      }
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  return { connects, restore: () => void (net.Socket.prototype.connect = original) };
}

/** A resolver with fixed answers (`{ 'api.test': ['127.0.0.1'] }`); unknown names fail with ENOTFOUND. */
export function fakeLookup(answers: Record<string, string[] | (() => string[])>): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const lookup = ((hostname: string, options: dns.LookupOptions, cb: (...a: unknown[]) => void) => {
    calls.push(hostname);
    const entry = answers[hostname];
    const addresses = typeof entry === 'function' ? entry() : entry;
    if (!addresses) {
      setImmediate(() => cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname })));
      return;
    }
    const list = addresses.map((address) => ({ address, family: net.isIP(address) }));
    setImmediate(() => (options.all ? cb(null, list) : cb(null, list[0]!.address, list[0]!.family)));
  }) as LookupFunction & { calls: string[] };
  lookup.calls = calls;
  return lookup;
}
