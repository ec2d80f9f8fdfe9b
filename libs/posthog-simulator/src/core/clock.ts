/**
 * The simulator's notion of "now". Seeds, HogQL's now(), cache ages and throttle windows all read it, so a test
 * can pin the start time (deterministic seed data) and jump forward (expire a throttle window or a cached query)
 * without sleeping.
 */
export class SimClock {
  private readonly realStart = Date.now();
  private offsetMs = 0;

  constructor(private readonly startMs: number) {}

  /** Epoch milliseconds: the configured start plus real time elapsed plus any manual advance. */
  now(): number {
    return this.startMs + (Date.now() - this.realStart) + this.offsetMs;
  }

  /** The start time the seed was built against. */
  get start(): number {
    return this.startMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a non-negative number');
    this.offsetMs += ms;
    return this.now();
  }
}

/** ISO 8601 with microseconds and `Z`, the way DRF renders Django datetimes. */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** ISO 8601 with seconds only, used where PostHog stores second precision (fixtures). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
