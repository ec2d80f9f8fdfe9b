/**
 * HogQL evaluator benchmark (`npm run bench:sim`): 1,000,000 deterministic synthetic events, two
 * queries the integration really sends, each timed against a hand-written loop that computes the
 * same answer in the same run. The run fails if the evaluator's answer differs from the loop's.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { performance } from 'node:perf_hooks';

import { executeHogQL, type HogQLEvent } from '../libs/posthog-simulator/src/hogql/index.js';
import { SURVEY_SYNC_QUERY, generateSyntheticEvents } from '../libs/posthog-simulator/src/hogql/hogql.synthetic-events.js';

const EVENT_COUNT = 1_000_000;
const RUNS = 5;
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

interface Timing {
  readonly medianMs: number;
  readonly result: unknown;
}

function time(fn: () => unknown): Timing {
  let result = fn(); // warm-up, also the answer we compare
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)]!, result };
}

function isoMicros(ms: number): string {
  // Synthetic timestamps are whole milliseconds, so the microsecond part is non-zero only when ms % 1000 != 0.
  const base = new Date(ms).toISOString();
  return ms % 1000 === 0 ? `${base.slice(0, 19)}Z` : `${base.slice(0, 23)}000Z`;
}

function report(name: string, evaluator: Timing, baseline: Timing, rows: number): void {
  const perSecond = (ms: number): string => `${((EVENT_COUNT / ms) * 1000 / 1e6).toFixed(1)}M events/s`;
  console.log(`\n${name} (${rows} result rows)`);
  console.log(`  evaluator: ${evaluator.medianMs.toFixed(1).padStart(8)} ms  ${perSecond(evaluator.medianMs)}`);
  console.log(`  baseline : ${baseline.medianMs.toFixed(1).padStart(8)} ms  ${perSecond(baseline.medianMs)}`);
  console.log(`  ratio    : ${(evaluator.medianMs / baseline.medianMs).toFixed(2)}x the hand-written loop`);
}

// ---- data -------------------------------------------------------------------------------------

const genStart = performance.now();
const { events, surveys } = generateSyntheticEvents(EVENT_COUNT, { seed: 7, users: 50_000, surveys: 8 });
console.log(`generated ${EVENT_COUNT.toLocaleString('en-US')} events in ${(performance.now() - genStart).toFixed(0)} ms; timings are the median of ${RUNS} runs after a warm-up`);

// ---- 1. survey sync keyset page -----------------------------------------------------------------

const wanted = surveys.slice(0, 3);
const [q0, q1, q2] = wanted[0]!.questionIds;
const since = START + 30 * DAY;
const cursorMs = START + 60 * DAY;
const surveyValues = {
  survey_ids: wanted.map((s) => s.id),
  since_coarse: new Date(since).toISOString().slice(0, 19).replace('T', ' '),
  cursor_ms: cursorMs,
  cursor_uuid: '',
  q0,
  q1,
  q2,
};

function surveyBaseline(): unknown[][] {
  const ids = new Set(wanted.map((s) => s.id));
  const matches: HogQLEvent[] = [];
  for (const e of events) {
    if (e.event !== 'survey sent' || !ids.has(e.properties['$survey_id'] as string) || e.timestamp < since) continue;
    if (e.timestamp > cursorMs || (e.timestamp === cursorMs && e.uuid > '')) matches.push(e);
  }
  matches.sort((a, b) => a.timestamp - b.timestamp || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
  const text = (value: unknown): string | null => (value === undefined || value === null || value === '' ? null : String(value));
  const raw = (value: unknown): string[] | null => (Array.isArray(value) ? value.map((v) => JSON.stringify(v)) : null);
  return matches.slice(0, 1000).map((e) => {
    const p = e.properties;
    const multi = raw(p[`$survey_response_${q2}`]);
    return [
      e.uuid,
      isoMicros(e.timestamp),
      e.timestamp,
      e.distinct_id,
      e.person_id,
      text(p['$survey_id']),
      text(p['$survey_submission_id']),
      text(p['$survey_completed']),
      text(p['$survey_partially_completed']),
      text(p['$survey_iteration']),
      text(p[`$survey_response_${q0}`]) ?? text(p['$survey_response']),
      text(p[`$survey_response_${q1}`]) ?? text(p['$survey_response_1']),
      multi !== null && multi.length > 0 ? multi : (raw(p['$survey_response_2']) ?? []),
    ];
  });
}

const surveyEvaluator = time(() => executeHogQL({ query: SURVEY_SYNC_QUERY, values: surveyValues, events }).results);
const surveyLoop = time(surveyBaseline);
deepStrictEqual(surveyEvaluator.result, surveyLoop.result, 'survey sync: evaluator and baseline disagree');
report('1. survey sync keyset page (has(), cursor on (ts_ms, uuid), ORDER BY, LIMIT 1000)', surveyEvaluator, surveyLoop, (surveyLoop.result as unknown[]).length);

// ---- 2. metric aggregation ------------------------------------------------------------------------

const from = START + 45 * DAY;
const metricQuery =
  "SELECT event, count() AS total, countIf(properties.revenue > 100) AS big_orders, sumIf(properties.revenue, event = 'checkout_completed') AS revenue, " +
  "uniq(distinct_id) AS users FROM events WHERE event IN ('$pageview', 'signed_up', 'checkout_completed') AND timestamp >= toDateTime({from}) " +
  'GROUP BY event ORDER BY event';

function metricBaseline(): unknown[][] {
  const names = new Set(['$pageview', 'signed_up', 'checkout_completed']);
  const groups = new Map<string, { total: number; big: number; revenue: number; seenRevenue: boolean; users: Set<string> }>();
  for (const e of events) {
    if (!names.has(e.event) || e.timestamp < from) continue;
    let g = groups.get(e.event);
    if (g === undefined) {
      g = { total: 0, big: 0, revenue: 0, seenRevenue: false, users: new Set() };
      groups.set(e.event, g);
    }
    g.total++;
    const revenue = e.properties['revenue'];
    if (typeof revenue === 'number' && revenue > 100) g.big++;
    if (e.event === 'checkout_completed' && typeof revenue === 'number') {
      g.revenue += revenue;
      g.seenRevenue = true;
    }
    g.users.add(e.distinct_id);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, g]) => [name, g.total, g.big, g.seenRevenue ? g.revenue : null, g.users.size]);
}

const metricEvaluator = time(() => executeHogQL({ query: metricQuery, values: { from: new Date(from).toISOString() }, events }).results);
const metricLoop = time(metricBaseline);
deepStrictEqual(metricEvaluator.result, metricLoop.result, 'metric query: evaluator and baseline disagree');
report('2. metric query (WHERE event IN + time, GROUP BY event, countIf/sumIf/uniq)', metricEvaluator, metricLoop, (metricLoop.result as unknown[]).length);

const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
console.log(`\nheap in use: ${heapMb.toFixed(0)} MB; answers identical to the baselines.`);
