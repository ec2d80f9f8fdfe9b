import type { SeedName } from './seed/seed.registry.js';

export interface PostHogSimulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Which data to start with (default `demo`). */
  seed?: SeedName;
  /** `large` seed only: product events to generate in project 1 (default 1,000,000). */
  events?: number;
  /** The start time seeded data is relative to (epoch ms, Date or ISO string); default: the current time. */
  now?: number | Date | string;
  /** Rate limiting as PostHog Cloud does it (default on, scale 1). `scale` multiplies every limit's request count. */
  throttling?: { enabled: boolean; scale?: number };
  /** `true` prints one line per request to stdout; a function receives the lines instead. Default off. */
  log?: boolean | ((line: string) => void);
}

export function resolveNow(now: PostHogSimulatorOptions['now']): number {
  if (now === undefined) return Date.now();
  const ms = now instanceof Date ? now.getTime() : typeof now === 'string' ? Date.parse(now) : now;
  if (!Number.isFinite(ms)) throw new Error(`Invalid "now": ${String(now)}`);
  return ms;
}
