import type { HogQLEvent } from '../hogql/hogql-event.js';
import { isoMicros } from '../core/clock.js';
import { SimulatorState } from '../state/simulator.state.js';
import { seedBase } from './base.seed.js';
import { seedDemoObjects } from './demo-objects.seed.js';
import { generateProductEvents, visitorPool } from './product-events.seed.js';
import { DAY_MS, DEMO_PROJECT_ID, FOREIGN_PROJECT_ID, OTHER_PROJECT_ID } from './seed.constants.js';
import { generateSurveyResponses } from './survey-responses.seed.js';

export type SeedName = 'demo' | 'large' | 'empty';

export const SEED_NAMES: readonly SeedName[] = ['demo', 'large', 'empty'];

export interface SeedOptions {
  seed: SeedName;
  /** Product events generated in project 1 by the `large` seed (default 1,000,000). */
  events?: number;
  /** Epoch ms every seeded timestamp is relative to. */
  now: number;
}

/** Product events of the `demo` seed per project: enough for meaningful metrics, small enough to brute-force in tests. */
const DEMO_PRODUCT_EVENTS: Record<number, number> = { [DEMO_PROJECT_ID]: 8_000, [OTHER_PROJECT_ID]: 600, [FOREIGN_PROJECT_ID]: 50 };
export const LARGE_DEFAULT_EVENTS = 1_000_000;

/** Builds a fresh state for a seed. Same seed name + same `now` ⇒ identical data (ids, uuids, timestamps). */
export function buildSeedState(options: SeedOptions): SimulatorState {
  const state = new SimulatorState();
  seedBase(state, options.now);
  if (options.seed === 'empty') return state;

  const surveys = seedDemoObjects(state, options.now);
  const definitionsCreatedAt = isoMicros(options.now - 120 * DAY_MS);
  for (const [projectIdText, demoCount] of Object.entries(DEMO_PRODUCT_EVENTS)) {
    const projectId = Number(projectIdText);
    const large = options.seed === 'large' && projectId === DEMO_PROJECT_ID;
    const count = large ? (options.events ?? LARGE_DEFAULT_EVENTS) : demoCount;
    const visitors = visitorPool(projectId, large ? Math.max(250, Math.min(50_000, Math.ceil(count / 50))) : projectId === DEMO_PROJECT_ID ? 250 : 40);
    const product = generateProductEvents({ projectId, now: options.now, count, days: 90, seed: options.seed === 'large' ? 'large' : 'demo', visitors });
    const survey = generateSurveyResponses(surveys, { projectId, now: options.now, seed: 'demo', visitors });
    state.addEvents(projectId, mergeByTime(product, survey), definitionsCreatedAt);
  }
  return state;
}

/** Both inputs are sorted by timestamp; the result is too, as ingestion order roughly follows time. */
function mergeByTime(a: HogQLEvent[], b: HogQLEvent[]): HogQLEvent[] {
  const out: HogQLEvent[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i].timestamp <= b[j].timestamp ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
