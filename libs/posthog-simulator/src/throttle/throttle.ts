import type { SimClock } from '../core/clock.js';

/** One DRF throttle class: a scope name and a rate like "480/minute". */
export interface ThrottleRule {
  scope: string;
  rate: string;
}

export interface ThrottleSettings {
  enabled: boolean;
  /** Multiplies every rate's request count (floored, at least 1); windows keep their length, so waits stay realistic. */
  scale: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; waitSeconds: number; scope: string };

const PERIOD_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** DRF's `parse_rate`: only the first letter of the period counts ("10/hour", "10/h" and "10/hours" agree). */
export function parseRate(rate: string): { requests: number; durationSeconds: number } {
  const [num, period] = rate.split('/');
  const requests = Number.parseInt(num, 10);
  const durationSeconds = PERIOD_SECONDS[(period ?? '').trim().charAt(0)];
  if (!Number.isFinite(requests) || requests < 0 || durationSeconds === undefined) throw new Error(`Invalid rate "${rate}"`);
  return { requests, durationSeconds };
}

/**
 * Sliding-window counters like DRF's SimpleRateThrottle, keyed like PostHog's PersonalApiKeyRateThrottle:
 * `throttle_<scope>_<sha256(key)>` — per key and per scope, not per project. Every rule of a request is evaluated
 * (DRF's `check_throttles` does not stop at the first failure, so passing rules still record the hit) and the
 * longest wait wins.
 */
export class ThrottleRegistry {
  private readonly histories = new Map<string, number[]>();

  constructor(
    private readonly clock: SimClock,
    public settings: ThrottleSettings,
  ) {}

  check(identity: string, rules: readonly ThrottleRule[]): ThrottleVerdict {
    if (!this.settings.enabled || rules.length === 0) return { allowed: true };
    const now = this.clock.now() / 1000;
    let worst: { waitSeconds: number; scope: string } | null = null;
    for (const rule of rules) {
      const wait = this.allow(`throttle_${rule.scope}_${identity}`, rule.rate, now);
      if (wait !== null && (worst === null || wait > worst.waitSeconds)) worst = { waitSeconds: wait, scope: rule.scope };
    }
    return worst ? { allowed: false, ...worst } : { allowed: true };
  }

  /** The effective (scaled) limit of a rate, for the control API and the README. */
  effectiveRequests(rate: string): number {
    return Math.max(1, Math.floor(parseRate(rate).requests * this.settings.scale));
  }

  reset(): void {
    this.histories.clear();
  }

  /** Returns null when allowed, else DRF's `wait()`: remaining window divided by the requests still available. */
  private allow(cacheKey: string, rate: string, now: number): number | null {
    const { durationSeconds } = parseRate(rate);
    const requests = this.effectiveRequests(rate);
    const history = this.histories.get(cacheKey) ?? [];
    while (history.length > 0 && history[history.length - 1] <= now - durationSeconds) history.pop();
    if (history.length >= requests) {
      this.histories.set(cacheKey, history);
      const remaining = history.length > 0 ? durationSeconds - (now - history[history.length - 1]) : durationSeconds;
      const available = requests - history.length + 1;
      return available <= 0 ? remaining : remaining / available;
    }
    history.unshift(now);
    this.histories.set(cacheKey, history);
    return null;
  }
}
