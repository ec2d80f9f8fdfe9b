import type { HogQLEvent } from './hogql-event.js';
import { executeHogQL } from './hogql.evaluator.js';
import { SURVEY_SYNC_QUERY, generateSyntheticEvents, seededRandom } from './hogql.synthetic-events.js';

/**
 * Cross-checks the evaluator against answers computed here by brute force over random events.
 * One-second timestamp granularity makes many events share a millisecond, so tie-breakers matter.
 */
const { events, surveys } = generateSyntheticEvents(30_000, { seed: 42, granularityMs: 1000, users: 400 });
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

function sqlDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function query(text: string, values?: Record<string, unknown>): unknown[][] {
  return executeHogQL({ query: text, events, ...(values && { values }) }).results;
}

describe('randomized cross-checks against brute force', () => {
  it.each([1, 2, 3, 4, 5])('counts events per name in a random time window (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const from = START + Math.floor(random() * 150) * DAY + Math.floor(random() * DAY / 1000) * 1000;
    const to = from + Math.floor(1 + random() * 30) * DAY;
    const expected = new Map<string, number>();
    for (const e of events) if (e.timestamp >= from && e.timestamp < to) expected.set(e.event, (expected.get(e.event) ?? 0) + 1);

    const rows = query(
      'SELECT event, count() AS c FROM events WHERE timestamp >= {from} AND timestamp < toDateTime({to}) GROUP BY event ORDER BY event',
      { from: sqlDateTime(from), to: to / 1000 },
    );
    expect(rows).toEqual([...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(rows.length).toBeGreaterThan(3);
  });

  it('sums revenue exactly like a plain loop, with and without conditions', () => {
    const buyers = ['user-1', 'user-2', 'user-3', 'user-50', 'user-399'];
    let total = 0;
    let fromBuyers = 0;
    let missing = 0;
    for (const e of events) {
      if (e.event !== 'checkout_completed') continue;
      const revenue = e.properties['revenue'];
      if (typeof revenue !== 'number') {
        missing++;
        continue;
      }
      total += revenue;
      if (buyers.includes(e.distinct_id)) fromBuyers += revenue;
    }
    const [row] = query(
      "SELECT sum(properties.revenue), sumIf(properties.revenue, distinct_id IN {buyers}), countIf(properties.revenue IS NULL), avg(properties.revenue) FROM events WHERE event = 'checkout_completed'",
      { buyers },
    );
    expect(row![0]).toBe(total);
    expect(row![1]).toBe(fromBuyers);
    expect(row![2]).toBe(missing);
    expect(row![3]).toBeCloseTo(total / (events.filter((e) => e.event === 'checkout_completed').length - missing), 9);
    expect(missing).toBeGreaterThan(0);
  });

  it('counts unique distinct_ids per event, plain and conditional', () => {
    const all = new Map<string, Set<string>>();
    const chrome = new Map<string, Set<string>>();
    for (const e of events) {
      if (!all.has(e.event)) {
        all.set(e.event, new Set());
        chrome.set(e.event, new Set());
      }
      all.get(e.event)!.add(e.distinct_id);
      if (e.properties['$browser'] === 'Chrome') chrome.get(e.event)!.add(e.distinct_id);
    }
    const rows = query("SELECT event, uniq(distinct_id), uniqIf(distinct_id, properties.$browser = 'Chrome') FROM events GROUP BY event ORDER BY event DESC");
    const expected = [...all.keys()].sort().reverse().map((name) => [name, all.get(name)!.size, chrome.get(name)!.size]);
    expect(rows).toEqual(expected);
  });

  it.each([11, 12, 13, 14, 15, 16, 17, 18, 19, 20])('filters like a hand-written predicate (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    type Clause = { hogql: string; test: (e: HogQLEvent) => boolean };
    const plan = pick(['free', 'pro', 'team']);
    const revenue = Math.round(random() * 500);
    const browser = pick(['Chrome', 'Firefox']);
    const ids = Array.from({ length: 30 }, () => `user-${Math.floor(random() * 400)}`);
    const name = pick(['$pageview', 'signed_up', 'checkout_completed', 'survey sent']);
    // Missing properties behave as PostHog's ifNull-wrapped comparisons: `!=` true, `>` false.
    const clauses: Clause[] = [
      { hogql: `event = '${name}'`, test: (e) => e.event === name },
      { hogql: `properties.plan != '${plan}'`, test: (e) => e.properties['plan'] !== plan },
      { hogql: `properties.revenue > ${revenue}`, test: (e) => typeof e.properties['revenue'] === 'number' && e.properties['revenue'] > revenue },
      { hogql: `distinct_id IN (${ids.map((id) => `'${id}'`).join(', ')})`, test: (e) => ids.includes(e.distinct_id) },
      { hogql: `NOT (properties.$browser = '${browser}')`, test: (e) => e.properties['$browser'] !== browser },
      { hogql: 'properties.$survey_id IS NOT NULL', test: (e) => e.properties['$survey_id'] !== undefined },
    ];
    const a = pick(clauses);
    const b = pick(clauses);
    const c = pick(clauses);
    const useOr = random() < 0.5;
    const where = useOr ? `(${a.hogql} OR ${b.hogql}) AND NOT ${c.hogql}` : `${a.hogql} AND (${b.hogql} OR NOT ${c.hogql})`;
    const predicate = useOr
      ? (e: HogQLEvent) => (a.test(e) || b.test(e)) && !c.test(e)
      : (e: HogQLEvent) => a.test(e) && (b.test(e) || !c.test(e));

    const expected = events.filter(predicate);
    const [[count]] = query(`SELECT count() FROM events WHERE ${where}`) as [[number]];
    expect(count).toBe(expected.length);
    const firstUuids = query(`SELECT uuid FROM events WHERE ${where} LIMIT 25`).map((row) => row[0]);
    expect(firstUuids).toEqual(expected.slice(0, 25).map((e) => e.uuid));
  });

  it('walks every survey row exactly once with the fixture keyset query', () => {
    const wanted = surveys.slice(0, 2);
    const since = START + 40 * DAY;
    const pageSize = 250;
    const pageQuery = SURVEY_SYNC_QUERY.replace('LIMIT 1000', `LIMIT ${pageSize}`);
    const [q0, q1, q2] = wanted[0]!.questionIds;

    // Brute force: same filter, sorted by (ms, uuid).
    const expected = events
      .filter((e) => e.event === 'survey sent' && wanted.some((s) => s.id === e.properties['$survey_id']) && e.timestamp >= since)
      .sort((x, y) => x.timestamp - y.timestamp || (x.uuid < y.uuid ? -1 : x.uuid > y.uuid ? 1 : 0));
    expect(expected.length).toBeGreaterThan(3 * pageSize);

    const seen: unknown[][] = [];
    let cursor = { ms: 0, uuid: '' };
    let pages = 0;
    for (;;) {
      const result = executeHogQL({
        query: pageQuery,
        values: { survey_ids: wanted.map((s) => s.id), since_coarse: sqlDateTime(since), cursor_ms: cursor.ms, cursor_uuid: cursor.uuid, q0, q1, q2 },
        events,
      });
      pages++;
      seen.push(...result.results);
      if (result.results.length < pageSize) break;
      const last = result.results[result.results.length - 1]!;
      cursor = { ms: last[2] as number, uuid: last[0] as string };
    }

    expect(pages).toBe(Math.floor(expected.length / pageSize) + 1);
    expect(seen.map((row) => row[0])).toEqual(expected.map((e) => e.uuid));
    expect(new Set(seen.map((row) => row[0])).size).toBe(seen.length);
    // Ties on the millisecond exist, so the uuid half of the cursor was exercised.
    const msValues = expected.map((e) => e.timestamp);
    expect(new Set(msValues).size).toBeLessThan(msValues.length);

    // Responses: id key for surveys[0]'s questions, legacy index keys otherwise.
    seen.forEach((row, i) => {
      const p = expected[i]!.properties;
      const single = (idKey: string, indexKey: string): unknown => {
        const byId = p[idKey];
        if (typeof byId === 'string' && byId !== '') return byId;
        const byIndex = p[indexKey];
        return typeof byIndex === 'string' && byIndex !== '' ? byIndex : null;
      };
      const multi = (): unknown => {
        const byId = p[`$survey_response_${q2}`];
        if (Array.isArray(byId) && byId.length > 0) return byId.map((v) => JSON.stringify(v));
        const byIndex = p['$survey_response_2'];
        return Array.isArray(byIndex) ? byIndex.map((v) => JSON.stringify(v)) : [];
      };
      expect(row.slice(10)).toEqual([single(`$survey_response_${q0}`, '$survey_response'), single(`$survey_response_${q1}`, '$survey_response_1'), multi()]);
      expect(row[7]).toBe(String(p['$survey_completed']));
    });
  });
});
