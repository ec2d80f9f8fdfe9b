import type { RateWindow, ThrottleClasses } from '../../../../../libs/http/src/index.js';

/** PostHog's per-key throttles (posthog/rate_limit.py), as (requests, seconds). */
export const POSTHOG_LIMITS = {
  default: [
    [480, 60],
    [4800, 3600],
  ],
  analytics: [
    [240, 60],
    [1200, 3600],
  ],
  hogql: [[120, 3600]],
} as const;

const MAX_SUB_WINDOWS = 4;

/**
 * PostHog counts over a sliding window; our shared budget counts in fixed windows, which alone would allow twice
 * the limit across a window boundary. So each limit of P requests per D seconds becomes k fixed sub-windows of
 * D/k seconds holding floor(P/(k+1)) each: any sliding D-second stretch overlaps at most k+1 sub-windows, so it
 * never sees more than P. The price is a sustained rate of k/(k+1) of PostHog's (80% with k = 4).
 */
export function subWindowsFor(limit: number, durationSec: number): RateWindow {
  const whole = Math.floor(limit);
  if (whole < 2) return { points: 1, durationSec: durationSec * 2 };
  const k = Math.min(MAX_SUB_WINDOWS, whole - 1);
  return { points: Math.floor(limit / (k + 1)), durationSec: durationSec / k };
}

/**
 * The budget classes for PostHog: most endpoints, ClickHouse-backed ("analytics") endpoints, HogQL queries.
 * `scale` < 1 leaves room for other tools that use the same key, whose requests PostHog counts against it too.
 */
export function postHogThrottleClasses(scale: number): ThrottleClasses {
  return Object.fromEntries(
    Object.entries(POSTHOG_LIMITS).map(([cls, limits]) => [cls, limits.map(([points, seconds]) => subWindowsFor(points * scale, seconds))]),
  );
}

export type PostHogThrottleClass = keyof typeof POSTHOG_LIMITS;
