import { backoffDelayMs, DEFAULT_RETRY_AFTER_MS, parseRetryAfterMs } from './index.js';

describe('backoffDelayMs (full jitter)', () => {
  it('grows exponentially up to the cap, scaled by the random draw', () => {
    const max = () => 0.999999;
    expect([0, 1, 2, 3, 10].map((a) => backoffDelayMs(a, { baseMs: 100, capMs: 1_000 }, max))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelayMs(5, { baseMs: 100, capMs: 1_000 }, () => 0)).toBe(0);
    expect(backoffDelayMs(1, { baseMs: 100, capMs: 1_000 }, () => 0.5)).toBe(100);
  });

  it('uses 250 ms base and 10 s cap by default, within [0, ceiling)', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(i % 8);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(Math.min(10_000, 250 * 2 ** (i % 8)));
    }
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');

  it.each<[string | string[] | undefined, number]>([
    ['120', 120_000],
    [' 7 ', 7_000],
    ['1.5', 1_500],
    [['3', '9'], 3_000],
    ['0', 1_000],
    ['99999999', 86_400_000],
    ['Tue, 24 Nov 2026 12:00:30 GMT', 30_000],
    ['Tuesday, 24-Nov-26 12:01:00 GMT', 60_000],
    ['Tue, 24 Nov 2026 11:00:00 GMT', 1_000],
    [undefined, DEFAULT_RETRY_AFTER_MS],
    ['', DEFAULT_RETRY_AFTER_MS],
    ['soon', DEFAULT_RETRY_AFTER_MS],
    ['-5', DEFAULT_RETRY_AFTER_MS],
    ['2026-11-24', DEFAULT_RETRY_AFTER_MS],
    ['Xyz, 99 Foo 2026 GMT', DEFAULT_RETRY_AFTER_MS],
  ])('%j -> %i ms', (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });
});
