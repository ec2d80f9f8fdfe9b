import { describe, expect, it } from '@jest/globals';
import { DEMO_KEYS, DEMO_SURVEY_IDS } from '../src/index.js';
import { hashKeyValue } from '../src/core/key-hash.js';
import { buildSeedState } from '../src/seed/seed.registry.js';
import { TEST_NOW } from './sim-test.helpers.js';

const DAY = 86_400_000;

describe('seeds', () => {
  const demo = buildSeedState({ seed: 'demo', now: TEST_NOW });
  const events = demo.eventsOf(1);

  it('are deterministic for the same start time and move with it', () => {
    const again = buildSeedState({ seed: 'demo', now: TEST_NOW });
    expect(again.eventsOf(1)).toEqual(events);
    expect([...again.cohorts.values()]).toEqual([...demo.cohorts.values()]);
    const later = buildSeedState({ seed: 'demo', now: TEST_NOW + DAY });
    expect(later.eventsOf(1)[0].timestamp - events[0].timestamp).toBe(DAY);
    expect(later.eventsOf(1)[0].uuid).not.toBe(events[0].uuid);
  });

  it('has the two demo projects in one organization, with their tokens', () => {
    const [one, two] = [demo.projects.get(1)!, demo.projects.get(2)!];
    expect([one.name, one.api_token, two.name]).toEqual(['Demo Project', 'phc_demo_project_token', 'Other Project']);
    expect(one.organizationId).toBe(two.organizationId);
  });

  it('stores only hashes of the demo keys, with the documented scopes', () => {
    const key = (value: string) => demo.findKeyByValue(value)!;
    expect(key(DEMO_KEYS.allAccess).scopes).toEqual(['*']);
    expect(key(DEMO_KEYS.readOnly).scopes.every((s) => s.endsWith(':read'))).toBe(true);
    expect(key(DEMO_KEYS.readOnly).scopes).toEqual(expect.arrayContaining(['project:read', 'cohort:read', 'feature_flag:read', 'survey:read', 'annotation:read', 'query:read', 'event_definition:read', 'insight:read', 'user:read']));
    expect(key(DEMO_KEYS.project2Only)).toMatchObject({ scopes: ['*'], scoped_teams: [2] });
    expect(key(DEMO_KEYS.noScopes).scopes).toEqual(['notebook:read']);
    const stored = JSON.stringify([...demo.keys.values()]);
    for (const value of Object.values(DEMO_KEYS)) {
      expect(stored).not.toContain(value);
      expect(stored).toContain(hashKeyValue(value));
    }
  });

  it('has cohorts, flags and surveys with the deleted / archived cases', () => {
    const cohorts = [...demo.cohorts.values()].filter((c) => c.projectId === 1);
    expect(cohorts.length).toBeGreaterThanOrEqual(6);
    expect(cohorts.filter((c) => c.deleted)).toHaveLength(1);
    const flags = [...demo.featureFlags.values()].filter((f) => f.projectId === 1 && !f.internal);
    expect(flags.length).toBeGreaterThanOrEqual(8);
    expect(flags.filter((f) => f.deleted)).toHaveLength(1);
    expect(flags.filter((f) => f.archived)).toHaveLength(1);
    const surveys = [...demo.surveys.values()].filter((s) => s.projectId === 1);
    expect(surveys).toHaveLength(3);
    expect(surveys.filter((s) => s.archived)).toHaveLength(1);
    expect([...demo.annotations.values()].filter((a) => a.projectId === 1).length).toBeGreaterThanOrEqual(3);
  });

  it('has survey responses over the last 30 days: partial, legacy-keyed and multiple choice', () => {
    const sent = events.filter((e) => e.event === 'survey sent');
    expect(sent.length).toBeGreaterThan(80);
    const times = sent.map((e) => e.timestamp);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(TEST_NOW - 30 * DAY);
    expect(Math.max(...times)).toBeLessThanOrEqual(TEST_NOW);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(20 * DAY);

    const bySubmission = new Map<string, boolean[]>();
    for (const e of sent) {
      const id = e.properties.$survey_submission_id as string | undefined;
      if (id) bySubmission.set(id, [...(bySubmission.get(id) ?? []), e.properties.$survey_completed as boolean]);
    }
    expect([...bySubmission.values()].some((completed) => completed.length === 2 && completed[0] === false && completed[1] === true)).toBe(true);

    expect(sent.some((e) => '$survey_response' in e.properties && !('$survey_submission_id' in e.properties))).toBe(true);
    expect(sent.some((e) => '$survey_response_1' in e.properties)).toBe(true);
    const multipleChoiceId = demo.surveys.get(DEMO_SURVEY_IDS.nps)!.questions.find((q) => q.type === 'multiple_choice')!.id;
    expect(sent.some((e) => Array.isArray(e.properties[`$survey_response_${multipleChoiceId}`]))).toBe(true);
    for (const e of sent.slice(0, 20)) {
      expect(e.properties).toMatchObject({ $survey_id: expect.any(String), $survey_name: expect.any(String), $survey_questions: expect.any(Array) });
    }
  });

  it('has product events over the last 90 days with numeric revenue, and a definition for every name', () => {
    const names = new Set(events.map((e) => e.event));
    for (const name of ['$pageview', 'signed_up', 'checkout_completed', 'survey sent']) expect(names).toContain(name);
    const product = events.filter((e) => ['$pageview', 'signed_up', 'checkout_completed'].includes(e.event));
    expect(Math.min(...product.map((e) => e.timestamp))).toBeGreaterThanOrEqual(TEST_NOW - 90 * DAY);
    expect(Math.min(...product.map((e) => e.timestamp))).toBeLessThan(TEST_NOW - 85 * DAY);
    expect(product.filter((e) => e.event === 'checkout_completed').every((e) => typeof e.properties.revenue === 'number')).toBe(true);
    expect(new Set(demo.definitionsOf(1).map((d) => d.name))).toEqual(names);
  });

  it('the empty seed keeps projects and keys but no objects or events', () => {
    const empty = buildSeedState({ seed: 'empty', now: TEST_NOW });
    expect(empty.projects.size).toBe(3);
    expect(empty.findKeyByValue(DEMO_KEYS.allAccess)).toBeDefined();
    expect([empty.cohorts.size, empty.surveys.size, empty.eventsOf(1).length]).toEqual([0, 0, 0]);
  });

  it('the large seed builds a million events in a few seconds, in time order with unique uuids', () => {
    const started = performance.now();
    const large = buildSeedState({ seed: 'large', events: 1_000_000, now: TEST_NOW });
    const elapsed = performance.now() - started;
    const rows = large.eventsOf(1);
    expect(rows.length).toBeGreaterThanOrEqual(1_000_000);
    expect(elapsed).toBeLessThan(8000);
    let sorted = true;
    for (let i = 1; i < rows.length; i++) if (rows[i].timestamp < rows[i - 1].timestamp) sorted = false;
    expect(sorted).toBe(true);
    const sample = new Set(rows.slice(0, 200_000).map((e) => e.uuid));
    expect(sample.size).toBe(200_000);
  });
});
