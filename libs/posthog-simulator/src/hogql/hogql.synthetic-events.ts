import type { HogQLEvent } from './hogql-event.js';

/**
 * Deterministic synthetic events for the HogQL specs and `bench/sim-hogql.bench.ts`. Same seed,
 * same events, so a failing randomized test or a benchmark figure can be reproduced exactly.
 */

/** mulberry32: tiny, fast, good enough for test data; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex8(random: () => number): string {
  return Math.floor(random() * 4294967296)
    .toString(16)
    .padStart(8, '0');
}

/** A random version-4-shaped UUID string. */
export function seededUuid(random: () => number): string {
  const a = hex8(random);
  const b = hex8(random);
  const c = hex8(random);
  const d = hex8(random);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-8${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

export interface SyntheticSurvey {
  readonly id: string;
  /** Three questions: rating (single), open text (single), multiple choice. */
  readonly questionIds: readonly [string, string, string];
}

export interface SyntheticOptions {
  readonly seed?: number;
  /** First possible timestamp (epoch ms). */
  readonly start?: number;
  /** Timestamps fall in [start, start + spanMs). */
  readonly spanMs?: number;
  /** Rounds timestamps down to this many ms; a coarse value creates ties that exercise tie-breakers. */
  readonly granularityMs?: number;
  readonly users?: number;
  readonly surveys?: number;
}

export interface SyntheticData {
  readonly events: HogQLEvent[];
  readonly surveys: readonly SyntheticSurvey[];
}

const URLS = ['https://app.example.com/', 'https://app.example.com/pricing', 'https://app.example.com/docs', 'https://app.example.com/blog'];
const BROWSERS = ['Chrome', 'Firefox', 'Safari'];
const PLANS = ['free', 'pro', 'team'];
const CHOICES = ['Dashboards', 'Alerts', 'Exports', 'API'];
const TEXT_ANSWERS = ['More integrations', 'Faster pages', '', 'Dark mode'];

/**
 * Event mix: 55% `$pageview`, 8% `signed_up`, 12% `checkout_completed` (numeric `revenue`, missing
 * on 1 in 20), 15% `survey sent`, 5% `survey shown`, 5% `survey dismissed`. A third of the
 * `survey sent` events use PostHog's legacy index keys (`$survey_response`, `$survey_response_1`,
 * `$survey_response_2`) instead of `$survey_response_<question id>`.
 */
export function generateSyntheticEvents(count: number, options: SyntheticOptions = {}): SyntheticData {
  const random = seededRandom(options.seed ?? 1);
  const start = options.start ?? Date.UTC(2025, 0, 1);
  const span = options.spanMs ?? 180 * 86_400_000;
  const granularity = options.granularityMs ?? 1;
  const userCount = options.users ?? Math.max(10, Math.floor(count / 20));

  const users = Array.from({ length: userCount }, (_, i) => ({ distinctId: `user-${i}`, personId: seededUuid(random) }));
  const surveys: SyntheticSurvey[] = Array.from({ length: options.surveys ?? 5 }, () => ({
    id: seededUuid(random),
    questionIds: [seededUuid(random), seededUuid(random), seededUuid(random)],
  }));

  const events: HogQLEvent[] = new Array(count);
  let submission = 0;
  for (let i = 0; i < count; i++) {
    const user = users[Math.floor(random() * userCount)]!;
    const timestamp = start + Math.floor((random() * span) / granularity) * granularity;
    const roll = random();
    let event: string;
    let properties: Record<string, unknown>;
    if (roll < 0.55) {
      event = '$pageview';
      properties = { $current_url: URLS[Math.floor(random() * URLS.length)], $browser: BROWSERS[Math.floor(random() * BROWSERS.length)] };
    } else if (roll < 0.63) {
      event = 'signed_up';
      properties = { plan: PLANS[Math.floor(random() * PLANS.length)] };
    } else if (roll < 0.75) {
      event = 'checkout_completed';
      properties = random() < 0.05 ? { currency: 'USD' } : { revenue: Math.round(random() * 50_000) / 100, currency: 'USD' };
    } else if (roll < 0.9) {
      event = 'survey sent';
      const survey = surveys[Math.floor(random() * surveys.length)]!;
      const rating = String(Math.floor(random() * 11));
      const text = TEXT_ANSWERS[Math.floor(random() * TEXT_ANSWERS.length)]!;
      const picks = CHOICES.filter(() => random() < 0.4);
      properties = {
        $survey_id: survey.id,
        $survey_submission_id: `sub-${submission++}`,
        $survey_completed: random() < 0.8,
      };
      if (random() < 1 / 3) {
        properties['$survey_response'] = rating;
        properties['$survey_response_1'] = text;
        properties['$survey_response_2'] = picks;
      } else {
        properties[`$survey_response_${survey.questionIds[0]}`] = rating;
        properties[`$survey_response_${survey.questionIds[1]}`] = text;
        properties[`$survey_response_${survey.questionIds[2]}`] = picks;
      }
    } else if (roll < 0.95) {
      event = 'survey shown';
      properties = { $survey_id: surveys[Math.floor(random() * surveys.length)]!.id };
    } else {
      event = 'survey dismissed';
      properties = { $survey_id: surveys[Math.floor(random() * surveys.length)]!.id, $survey_partially_completed: random() < 0.5 };
    }
    events[i] = { uuid: seededUuid(random), event, distinct_id: user.distinctId, person_id: user.personId, timestamp, properties };
  }
  return { events, surveys };
}

/**
 * The incremental survey-sync query from `posthog-fixtures/query_request_hogql.json`: keyset
 * pagination on `(toUnixTimestamp64Milli(timestamp), toString(uuid))`. Values: survey_ids, since_coarse,
 * cursor_ms, cursor_uuid, q0, q1, q2.
 */
export const SURVEY_SYNC_QUERY =
  'SELECT uuid, timestamp, toUnixTimestamp64Milli(timestamp) AS ts_ms, distinct_id, person_id, ' +
  'properties.`$survey_id` AS survey_id, properties.`$survey_submission_id` AS submission_id, ' +
  'properties.`$survey_completed` AS completed, properties.`$survey_partially_completed` AS partially_completed, ' +
  'properties.`$survey_iteration` AS iteration, getSurveyResponse(0, {q0}) AS q0, getSurveyResponse(1, {q1}) AS q1, ' +
  "getSurveyResponse(2, {q2}, true) AS q2 FROM events WHERE event = 'survey sent' " +
  'AND has({survey_ids}, properties.`$survey_id`) AND timestamp >= {since_coarse} ' +
  'AND (toUnixTimestamp64Milli(timestamp) > {cursor_ms} OR (toUnixTimestamp64Milli(timestamp) = {cursor_ms} ' +
  'AND toString(uuid) > {cursor_uuid})) ORDER BY ts_ms ASC, toString(uuid) ASC LIMIT 1000';
