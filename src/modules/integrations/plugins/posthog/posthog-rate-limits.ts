import type { ThrottleClasses } from '../../../../../libs/http/src/index.js';

/**
 * PostHog's per-key throttles (posthog/rate_limit.py): most endpoints 480/min and 4,800/h, ClickHouse-backed
 * ("analytics") endpoints 240/min and 1,200/h, HogQL queries 120/h. `scale` < 1 leaves room for other tools that
 * use the same key, whose requests PostHog counts against the same budget.
 */
export function postHogThrottleClasses(scale: number): ThrottleClasses {
  const n = (points: number) => Math.max(1, Math.floor(points * scale));
  return {
    default: [
      { points: n(480), durationSec: 60 },
      { points: n(4800), durationSec: 3600 },
    ],
    analytics: [
      { points: n(240), durationSec: 60 },
      { points: n(1200), durationSec: 3600 },
    ],
    hogql: [{ points: n(120), durationSec: 3600 }],
  };
}

export type PostHogThrottleClass = 'default' | 'analytics' | 'hogql';
