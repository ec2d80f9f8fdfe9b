import type { Agent } from 'node:http';
import { isIP } from 'node:net';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

/** The agents axios must use for one request; both are always set so an http→https switch cannot dodge the filter. */
export interface GuardedAgents {
  httpAgent: Agent;
  httpsAgent: Agent;
}

/** An operator allowlist split into its two kinds. */
export interface ParsedAllowlist {
  /** Lower-case hostnames (no trailing dot) that may resolve to private addresses. */
  hosts: ReadonlySet<string>;
  /** IPs and CIDRs in the form request-filtering-agent expects for `allowIPAddressList`. */
  addresses: readonly string[];
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
// request-filtering-agent's error has no `code`; its message is the only stable signal (STACK.md §6).
const REFUSAL = /DNS lookup (\S*?)\(family:.*\) is not allowed\. Because,? (.*)$/;

/**
 * Parses allowlist entries: hostnames (`posthog.internal`), IPs (`127.0.0.1`, `::1`, `[::1]`) and CIDRs
 * (`10.0.0.0/8`, `fd00::/8`).
 * @throws TypeError naming the first invalid entry (entries are configuration, not secrets).
 */
export function parseAllowlist(entries: readonly string[] = []): ParsedAllowlist {
  const hosts = new Set<string>();
  const addresses: string[] = [];
  for (const raw of entries) {
    const entry = String(raw).trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      const ip = entry.slice(0, slash);
      const bits = entry.slice(slash + 1);
      const family = isIP(ip);
      const max = family === 4 ? 32 : 128;
      if (family === 0 || !/^\d{1,3}$/.test(bits) || Number(bits) > max) throw new TypeError(`outbound allowlist entry "${raw}" is not a valid CIDR`);
      addresses.push(`${ip}/${Number(bits)}`);
    } else if (isIP(entry) === 4) {
      addresses.push(entry);
    } else if (isIP(entry) === 6) {
      // Single IPs are matched by string equality against what DNS/Node report, which is the compressed form.
      addresses.push(new URL(`http://[${entry}]/`).hostname.slice(1, -1));
    } else if (HOSTNAME.test(entry.replace(/\.$/, ''))) {
      hosts.add(entry.replace(/\.$/, ''));
    } else {
      throw new TypeError(`outbound allowlist entry "${raw}" is neither a hostname, an IP nor a CIDR`);
    }
  }
  return { hosts, addresses };
}

/**
 * SSRF protection for outbound calls, built on request-filtering-agent.
 *
 * The check runs inside the socket's DNS lookup, i.e. on the address actually connected to, so DNS rebinding
 * (a name that resolves to a public IP at validation time and a private one later) is refused as well.
 * Loopback, private, link-local, CGNAT, unique-local, IPv4-mapped and other non-unicast ranges are refused
 * unless allowlisted:
 * - an IP/CIDR entry allows connections to those addresses, whatever hostname led there;
 * - a hostname entry allows requests whose URL hostname equals it to connect wherever it resolves
 *   (the unspecified address 0.0.0.0/:: stays refused).
 */
export class SsrfGuard {
  private readonly allowlist: ParsedAllowlist;
  private readonly strict: GuardedAgents;
  private readonly trusted: GuardedAgents;

  constructor(allowlist: readonly string[] = []) {
    this.allowlist = parseAllowlist(allowlist);
    const allowIPAddressList = [...this.allowlist.addresses];
    this.strict = {
      httpAgent: new RequestFilteringHttpAgent({ allowIPAddressList }),
      httpsAgent: new RequestFilteringHttpsAgent({ allowIPAddressList }),
    };
    this.trusted = {
      httpAgent: new RequestFilteringHttpAgent({ allowIPAddressList, allowPrivateIPAddress: true }),
      httpsAgent: new RequestFilteringHttpsAgent({ allowIPAddressList, allowPrivateIPAddress: true }),
    };
  }

  /** The agent pair for a request to `url`; redirects are never followed, so the URL's hostname decides. */
  agentsFor(url: URL): GuardedAgents {
    return this.isAllowlistedHost(url.hostname) ? this.trusted : this.strict;
  }

  /** Whether a URL hostname is on the hostname allowlist (IP literals never are). */
  isAllowlistedHost(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/\.$/, '');
    return isIP(host.replace(/^\[(.*)\]$/, '$1')) === 0 && this.allowlist.hosts.has(host);
  }

  /** Closes pooled sockets (keep-alive is off, so this only matters for in-flight requests). */
  destroy(): void {
    for (const agent of [this.strict.httpAgent, this.strict.httpsAgent, this.trusted.httpAgent, this.trusted.httpsAgent]) agent.destroy();
  }
}

/** If `error` (or its cause chain) is a request-filtering-agent refusal, the refused address and reason. */
export function ssrfRefusal(error: unknown): { address: string; reason: string } | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const match = REFUSAL.exec(e.message);
    if (match) return { address: match[1] ?? '', reason: (match[2] ?? '').replace(/\.$/, '') };
  }
  return undefined;
}
