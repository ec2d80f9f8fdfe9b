import { AsyncQueryRuns } from './api/query/async-query-runs.js';
import { QueryCache } from './api/query/query-cache.js';
import { SimClock } from './core/clock.js';
import { FaultRegistry } from './faults/fault.registry.js';
import { RequestLog } from './log/request-log.js';
import { buildSeedState, type SeedName } from './seed/seed.registry.js';
import type { SimulatorState } from './state/simulator.state.js';
import { ThrottleRegistry, type ThrottleSettings } from './throttle/throttle.js';

export interface RuntimeOptions {
  seed: SeedName;
  events?: number;
  now: number;
  throttling: ThrottleSettings;
}

/** All mutable parts of one simulator instance. The HTTP server, the dispatcher and the control API share it. */
export class SimulatorRuntime {
  readonly clock: SimClock;
  readonly faults = new FaultRegistry();
  readonly log = new RequestLog();
  readonly throttles: ThrottleRegistry;
  readonly queryCache = new QueryCache();
  readonly asyncQueries = new AsyncQueryRuns();
  seed: SeedName;
  events: number | undefined;
  private current: SimulatorState;

  constructor(options: RuntimeOptions) {
    this.clock = new SimClock(options.now);
    this.throttles = new ThrottleRegistry(this.clock, { ...options.throttling });
    this.seed = options.seed;
    this.events = options.events;
    this.current = buildSeedState({ seed: options.seed, events: options.events, now: options.now });
  }

  get state(): SimulatorState {
    return this.current;
  }

  /**
   * Back to a freshly built seed (relative to the original start time, so ids and timestamps repeat), with empty
   * faults, log, throttle counters and query cache. Throttle settings and the clock are kept.
   */
  reset(seed: SeedName = this.seed, events: number | undefined = seed === this.seed ? this.events : undefined): void {
    this.seed = seed;
    this.events = events;
    this.current = buildSeedState({ seed, events, now: this.clock.start });
    this.faults.clear();
    this.log.clear();
    this.throttles.reset();
    this.queryCache.clear();
  }
}
