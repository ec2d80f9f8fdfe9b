import { POSTHOG_LIMITS, postHogThrottleClasses, subWindowsFor } from './posthog-rate-limits.js';

/** The most requests fixed windows can let through in any sliding stretch of `span` seconds, sending greedily. */
function worstSlidingCount(window: { points: number; durationSec: number }, span: number): number {
  // A sliding stretch of `span` overlaps at most ceil(span / d) + 1 fixed windows, each full.
  return (Math.ceil(span / window.durationSec) + 1) * window.points;
}

describe('PostHog rate budget', () => {
  it.each([1, 0.5, 0.1, 0.01])('never allows more than PostHog’s limit in any sliding window (scale %s)', (scale) => {
    const classes = postHogThrottleClasses(scale);
    for (const [cls, limits] of Object.entries(POSTHOG_LIMITS)) {
      limits.forEach(([points, seconds], i) => {
        const window = classes[cls]![i]!;
        const limit = Math.floor(points * scale);
        if (limit >= 2) expect(worstSlidingCount(window, seconds)).toBeLessThanOrEqual(limit);
      });
    }
  });

  it('keeps most of the sustained rate at full scale', () => {
    const [minute, hour] = postHogThrottleClasses(1).default!;
    expect(minute).toEqual({ points: 96, durationSec: 15 });
    expect(hour).toEqual({ points: 960, durationSec: 900 });
    expect((minute!.points * 60) / minute!.durationSec).toBe(384);
  });

  it('uses fewer sub-windows when the limit is small', () => {
    expect(subWindowsFor(4.8, 60)).toEqual({ points: 1, durationSec: 20 });
    expect(subWindowsFor(2, 60)).toEqual({ points: 1, durationSec: 60 });
  });
});
