import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AxiosInstance } from 'axios';
import { DEMO_KEYS, DEMO_SURVEY_IDS, type PostHogSimulator } from '../src/index.js';
import { client, startTestSimulator } from './sim-test.helpers.js';

type Row = Record<string, unknown> & { id: number | string };
const rows = (data: unknown) => (data as { results: Row[] }).results;

describe('resource endpoints: filters, soft deletes and writes', () => {
  let sim: PostHogSimulator;
  let api: AxiosInstance;

  beforeAll(async () => {
    sim = await startTestSimulator({ throttling: { enabled: false } });
    api = client(sim, DEMO_KEYS.allAccess);
  });
  afterAll(() => sim.close());

  describe('projects', () => {
    it('lists the projects of the user\'s organizations only', async () => {
      const { data } = await api.get('/api/projects/');
      expect(rows(data).map((p) => [p.id, p.name])).toEqual([
        [1, 'Demo Project'],
        [2, 'Other Project'],
      ]);
      expect(rows(data)[0].api_token).toBe('phc_demo_project_token');
    });

    it('retrieves a project by id or @current; a foreign one is not found', async () => {
      expect((await api.get('/api/projects/1/')).data.name).toBe('Demo Project');
      expect((await api.get('/api/projects/@current/')).data.id).toBe(1);
      expect((await api.get('/api/projects/999/')).status).toBe(404);
    });
  });

  describe('cohorts', () => {
    it('hide deleted cohorts from the list but still retrieve them', async () => {
      const list = rows((await api.get('/api/projects/1/cohorts/')).data);
      expect(list.length).toBeGreaterThanOrEqual(6);
      expect(list.some((c) => c.deleted)).toBe(false);
      const deleted = sim.control.state.cohorts.get(107)!;
      expect(deleted.deleted).toBe(true);
      expect(list.map((c) => c.id)).not.toContain(107);
      expect((await api.get('/api/projects/1/cohorts/107/')).data).toMatchObject({ id: 107, deleted: true });
    });

    it('search by name, case-insensitive; other projects never leak in', async () => {
      expect(rows((await api.get('/api/projects/1/cohorts/?search=POWER')).data).map((c) => c.name)).toEqual(['Power users']);
      expect(rows((await api.get('/api/projects/2/cohorts/')).data).map((c) => c.id)).toEqual([151]);
      expect((await api.get('/api/projects/2/cohorts/101/')).status).toBe(404);
    });

    it('soft delete through PATCH {"deleted": true}', async () => {
      const created = await api.post('/api/projects/1/cohorts/', { name: 'Temp cohort', is_static: true });
      expect(created.status).toBe(201);
      const patched = await api.patch(`/api/projects/1/cohorts/${created.data.id}/`, { deleted: true });
      expect(patched.data.deleted).toBe(true);
      expect(rows((await api.get('/api/projects/1/cohorts/')).data).map((c) => c.id)).not.toContain(created.data.id);
    });
  });

  describe('feature flags', () => {
    it('hide deleted, archived and survey targeting flags by default', async () => {
      const keys = rows((await api.get('/api/projects/1/feature_flags/')).data).map((f) => f.key);
      expect(keys.length).toBeGreaterThanOrEqual(7);
      expect(keys).not.toContain('old-banner');
      expect(keys).not.toContain('legacy-export');
      expect(keys.some((k) => String(k).startsWith('survey-targeting-'))).toBe(false);
    });

    it('show archived flags only when an archived param asks for them', async () => {
      expect(rows((await api.get('/api/projects/1/feature_flags/?archived=true')).data).map((f) => f.key)).toEqual(['legacy-export']);
      const notArchived = rows((await api.get('/api/projects/1/feature_flags/?archived=false')).data).map((f) => f.key);
      expect(notArchived).not.toContain('legacy-export');
    });

    it('search by key or name', async () => {
      expect(rows((await api.get('/api/projects/1/feature_flags/?search=checkout')).data).map((f) => f.key)).toEqual(['checkout-v2']);
      expect(rows((await api.get('/api/projects/1/feature_flags/?search=dark%20MODE')).data).map((f) => f.key)).toEqual(['dark-mode']);
    });

    it('retrieve includes deleted flags; create validates the key', async () => {
      expect((await api.get('/api/projects/1/feature_flags/209/')).data).toMatchObject({ key: 'old-banner', deleted: true, status: 'DELETED' });
      const created = await api.post('/api/projects/1/feature_flags/', { key: 'new-flag', name: 'New flag' });
      expect(created.status).toBe(201);
      const duplicate = await api.post('/api/projects/1/feature_flags/', { key: 'new-flag' });
      expect(duplicate.data).toEqual({ type: 'validation_error', code: 'unique', detail: 'There is already a feature flag with this key.', attr: 'key' });
    });
  });

  describe('surveys', () => {
    it('list archived and active surveys unless ?archived= filters them', async () => {
      expect(rows((await api.get('/api/projects/1/surveys/')).data)).toHaveLength(3);
      expect(rows((await api.get('/api/projects/1/surveys/?archived=true')).data).map((s) => s.id)).toEqual([DEMO_SURVEY_IDS.oldCsat]);
      expect(rows((await api.get('/api/projects/1/surveys/?archived=false')).data).map((s) => s.id).sort()).toEqual([DEMO_SURVEY_IDS.nps, DEMO_SURVEY_IDS.onboarding].sort());
    });

    it('retrieve a survey of another project is not found', async () => {
      expect((await api.get(`/api/projects/1/surveys/${DEMO_SURVEY_IDS.otherProject}/`)).status).toBe(404);
      expect((await api.get(`/api/projects/2/surveys/${DEMO_SURVEY_IDS.otherProject}/`)).status).toBe(200);
    });
  });

  describe('annotations', () => {
    it('list excludes deleted, includes org-wide ones from other projects, newest date_marker first', async () => {
      const list = rows((await api.get('/api/projects/1/annotations/')).data);
      expect(list.map((a) => a.id)).not.toContain(3004);
      expect(list.map((a) => a.content)).toContain('Company offsite (org-wide)');
      const markers = list.map((a) => Date.parse(String(a.date_marker)));
      expect([...markers].sort((a, b) => b - a)).toEqual(markers);
    });

    it('filters by search, scope and date range', async () => {
      expect(rows((await api.get('/api/projects/1/annotations/?search=deployed')).data).map((a) => a.id)).toEqual([3001]);
      expect(rows((await api.get('/api/projects/1/annotations/?scope=dashboard_item')).data).map((a) => a.id)).toEqual([3003]);
      expect(rows((await api.get('/api/projects/1/annotations/?scope=insight')).data).map((a) => a.id)).toEqual([3003]);
      const from = new Date(Date.parse('2026-03-15T12:00:00Z') - 30 * 86_400_000).toISOString();
      const to = new Date(Date.parse('2026-03-15T12:00:00Z') - 10 * 86_400_000).toISOString();
      const ranged = rows((await api.get('/api/projects/1/annotations/', { params: { date_from: from, date_to: to } })).data).map((a) => a.id);
      expect(ranged.sort()).toEqual([3001, 3002]);
    });

    it('create defaults to the dashboard_item scope and rejects the recording scope', async () => {
      const created = await api.post('/api/projects/1/annotations/', { content: 'no scope given' });
      expect(created.status).toBe(201);
      expect(created.data.scope).toBe('dashboard_item');
      expect(created.data.created_by.id).toBe(7);
      const recording = await api.post('/api/projects/1/annotations/', { content: 'x', scope: 'recording' });
      expect(recording.status).toBe(400);
      expect(recording.data).toMatchObject({ type: 'validation_error', attr: 'scope' });
      const bogus = await api.post('/api/projects/1/annotations/', { content: 'x', scope: 'galaxy' });
      expect(bogus.data).toEqual({ type: 'validation_error', code: 'invalid_choice', detail: '"galaxy" is not a valid choice.', attr: 'scope' });
      const badDate = await api.post('/api/projects/1/annotations/', { date_marker: 'yesterday' });
      expect(badDate.data).toMatchObject({ code: 'invalid_input', attr: 'date_marker' });
    });

    it('PATCH soft deletes (then 404 on retrieve) and PATCH restores', async () => {
      const { data: created } = await api.post('/api/projects/1/annotations/', { content: 'to delete', scope: 'project', date_marker: '2026-03-01T10:00:00Z' });
      expect(created.date_marker).toBe('2026-03-01T10:00:00Z');
      expect((await api.patch(`/api/projects/1/annotations/${created.id}/`, { deleted: true })).data.deleted).toBe(true);
      expect((await api.get(`/api/projects/1/annotations/${created.id}/`)).status).toBe(404);
      expect(rows((await api.get('/api/projects/1/annotations/')).data).map((a) => a.id)).not.toContain(created.id);
      expect((await api.patch(`/api/projects/1/annotations/${created.id}/`, { deleted: false })).status).toBe(200);
      expect((await api.get(`/api/projects/1/annotations/${created.id}/`)).status).toBe(200);
    });
  });

  describe('event definitions and insights', () => {
    it('event definitions exist for every seeded event name and support search', async () => {
      const names = rows((await api.get('/api/projects/1/event_definitions/?limit=500')).data).map((d) => d.name);
      for (const name of ['$pageview', 'signed_up', 'checkout_completed', 'survey sent', 'survey shown']) expect(names).toContain(name);
      expect(rows((await api.get('/api/projects/1/event_definitions/?search=check')).data).map((d) => d.name)).toEqual(['checkout_completed']);
      const custom = rows((await api.get('/api/projects/1/event_definitions/?event_type=event_custom&limit=500')).data).map((d) => String(d.name));
      expect(custom.some((n) => n.startsWith('$'))).toBe(false);
    });

    it('last_seen_at follows the newest event', async () => {
      const events = sim.control.events(1).filter((e) => e.event === 'checkout_completed');
      const newest = Math.max(...events.map((e) => e.timestamp));
      const [definition] = rows((await api.get('/api/projects/1/event_definitions/?search=checkout_completed')).data);
      expect(Date.parse(String(definition.last_seen_at))).toBe(newest);
    });

    it('insights exclude deleted ones', async () => {
      const list = rows((await api.get('/api/projects/1/insights/?basic=true')).data).map((i) => i.id);
      expect(list).toContain(4001);
      expect(list).not.toContain(4003);
      expect((await api.get('/api/projects/1/insights/4003/')).status).toBe(404);
    });
  });
});
