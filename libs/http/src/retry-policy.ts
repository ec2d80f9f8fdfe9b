/** Backoff settings for background retries. */
export interface BackoffOptions {
  /** Delay scale for the first retry (default 250 ms). */
  baseMs?: number;
  /** Upper bound of any single delay (default 10 s). */
  capMs?: number;
}

/** Used when a 429 carries no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;
const MIN_PAUSE_MS = 1_000;
// A hostile or broken server must not be able to park a key for years.
const MAX_PAUSE_MS = 24 * 3_600_000;

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): a uniform delay
 * in [0, min(cap, base·2^attempt)). Spreading retries over the whole interval avoids replicas retrying in lockstep.
 * @param attempt 0 for the first retry, 1 for the second, …
 * @param random injectable for tests; must return a value in [0, 1).
 */
export function backoffDelayMs(attempt: number, { baseMs = 250, capMs = 10_000 }: BackoffOptions = {}, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a Retry-After header (delta-seconds or HTTP-date) into milliseconds from `now`.
 * Absent or garbage values yield `fallbackMs`; valid values are clamped to [1 s, 24 h], because a 429 must always
 * pause for something (a past date usually means clock skew, not "go ahead").
 */
export function parseRetryAfterMs(header: string | string[] | undefined, now = Date.now(), fallbackMs = DEFAULT_RETRY_AFTER_MS): number {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return fallbackMs;
  if (/^\d+(\.\d+)?$/.test(value)) return clampPause(Math.ceil(Number(value) * 1000));
  // Date.parse accepts almost anything ("5", "tomorrow" in some engines); HTTP-dates always end in GMT.
  if (!/\bGMT$/.test(value)) return fallbackMs;
  const at = Date.parse(value);
  return Number.isFinite(at) ? clampPause(at - now) : fallbackMs;
}

function clampPause(ms: number): number {
  return Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, ms));
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
