import type { HogQLEvent } from '../hogql/hogql-event.js';
import { Prng } from '../core/prng.js';
import { personIdFor } from '../state/simulator.state.js';
import { DAY_MS } from './seed.constants.js';

// Bound once: global lookups are slow inside jest's vm contexts and the generator loops millions of times.
const { floor } = Math;

export interface VisitorPool {
  distinctIds: string[];
  personIds: string[];
}

/** Visitors shared by product and survey events, so a survey answer belongs to someone who also uses the product. */
export function visitorPool(projectId: number, size: number): VisitorPool {
  const distinctIds: string[] = [];
  const personIds: string[] = [];
  for (let i = 1; i <= size; i++) {
    const distinctId = `user-${String(i).padStart(5, '0')}`;
    distinctIds.push(distinctId);
    personIds.push(personIdFor(projectId, distinctId));
  }
  return { distinctIds, personIds };
}

const PAGES = ['/', '/pricing', '/docs', '/blog', '/signup', '/app/dashboard', '/app/settings', '/checkout'];
const BROWSERS = ['Chrome', 'Firefox', 'Safari', 'Edge'];
const OSES = ['Mac OS X', 'Windows', 'Linux', 'iOS', 'Android'];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];

/**
 * Property bags are shared between events and frozen: a million events then cost a few hundred bytes each
 * instead of a fresh object per row, and nothing can mutate the "stored" data by accident.
 */
function propertyPools(prng: Prng) {
  const pageviews: Readonly<Record<string, unknown>>[] = [];
  for (const page of PAGES) {
    for (const browser of BROWSERS) {
      pageviews.push(Object.freeze({ $current_url: `https://app.example.com${page}`, $pathname: page, $browser: browser, $os: prng.pick(OSES) }));
    }
  }
  const signups = PLANS.map((plan) => Object.freeze({ plan, $browser: prng.pick(BROWSERS) }));
  const checkouts: Readonly<Record<string, unknown>>[] = [];
  for (let i = 0; i < 240; i++) {
    const plan = PLANS[1 + (i % 3)];
    checkouts.push(Object.freeze({ revenue: Math.round((9 + prng.next() * 290) * 100) / 100, currency: 'USD', plan }));
  }
  return { pageviews, signups, checkouts };
}

export interface ProductEventsOptions {
  projectId: number;
  now: number;
  count: number;
  days: number;
  seed: string;
  visitors: VisitorPool;
}

/**
 * `$pageview`, `signed_up` and `checkout_completed` (numeric `revenue`) spread evenly over the last `days`, oldest
 * first. One compact loop with pooled strings and property bags, so `large` can build millions in seconds.
 */
export function generateProductEvents(options: ProductEventsOptions): HogQLEvent[] {
  const prng = new Prng(`${options.seed}:product:${options.projectId}`);
  const pools = propertyPools(prng);
  const { distinctIds, personIds } = options.visitors;
  const start = options.now - options.days * DAY_MS;
  const step = (options.days * DAY_MS) / Math.max(1, options.count);
  const events: HogQLEvent[] = new Array(options.count);
  for (let i = 0; i < options.count; i++) {
    const timestamp = floor(start + i * step + prng.next() * step);
    const visitor = floor(prng.next() * distinctIds.length);
    const roll = prng.next();
    let event: string;
    let properties: Readonly<Record<string, unknown>>;
    if (roll < 0.82) {
      event = '$pageview';
      properties = pools.pageviews[floor(prng.next() * pools.pageviews.length)];
    } else if (roll < 0.9) {
      event = 'signed_up';
      properties = pools.signups[floor(prng.next() * pools.signups.length)];
    } else {
      event = 'checkout_completed';
      properties = pools.checkouts[floor(prng.next() * pools.checkouts.length)];
    }
    events[i] = {
      uuid: prng.uuidV7(timestamp),
      event,
      distinct_id: distinctIds[visitor],
      person_id: personIds[visitor],
      timestamp,
      properties: properties as Record<string, unknown>,
    };
  }
  return events;
}
