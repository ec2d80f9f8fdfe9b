import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { DEMO_KEYS, type PostHogSimulator } from '../src/index.js';
import { client, startTestSimulator } from './sim-test.helpers.js';

interface Page {
  count: number;
  next: string | null;
  previous: string | null;
  results: { id: unknown }[];
}

/** Follows absolute `next` links until null, as a PostHog client must. */
async function walk(api: AxiosInstance, firstUrl: string): Promise<{ ids: unknown[]; counts: number[]; pages: number }> {
  const ids: unknown[] = [];
  const counts: number[] = [];
  let url: string | null = firstUrl;
  let pages = 0;
  while (url !== null) {
    const response: AxiosResponse<Page> = await api.get<Page>(url);
    expect(response.status).toBe(200);
    ids.push(...response.data.results.map((r) => r.id));
    counts.push(response.data.count);
    url = response.data.next;
    if (url !== null) expect(url.startsWith('http://')).toBe(true);
    if (++pages > 100) throw new Error('pagination does not terminate');
  }
  return { ids, counts, pages };
}

describe('limit/offset pagination', () => {
  let sim: PostHogSimulator;
  let api: AxiosInstance;

  beforeAll(async () => {
    sim = await startTestSimulator({ throttling: { enabled: false } });
    api = client(sim, DEMO_KEYS.allAccess);
  });
  afterAll(() => sim.close());

  it.each([
    ['/api/projects/1/cohorts/', 2],
    ['/api/projects/1/feature_flags/', 3],
    ['/api/projects/1/surveys/?archived=true', 1],
    ['/api/projects/1/surveys/', 2],
    ['/api/projects/1/annotations/', 1],
    ['/api/projects/1/event_definitions/', 4],
    ['/api/projects/', 1],
  ])('walks %s exactly once with limit=%i', async (url, limit) => {
    const { data: all } = await api.get<Page>(url);
    const separator = url.includes('?') ? '&' : '?';
    const { ids, counts, pages } = await walk(api, `${sim.url}${url}${separator}limit=${limit}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(all.count);
    expect(counts.every((c) => c === all.count)).toBe(true);
    expect(pages).toBe(Math.max(1, Math.ceil(all.count / limit)));
    expect(ids).toEqual(all.results.map((r) => r.id));
  });

  it('builds next/previous from the Host header, with sorted query parameters like DRF', async () => {
    const response = await axios.get<Page>(`${sim.url}/api/projects/1/cohorts/?search=&limit=2&offset=2`, {
      headers: { Authorization: `Bearer ${DEMO_KEYS.allAccess}`, Host: 'posthog.example.test:8443' },
    });
    expect(response.data.next).toBe('http://posthog.example.test:8443/api/projects/1/cohorts/?limit=2&offset=4&search=');
    // Going back to the first page drops `offset` entirely.
    expect(response.data.previous).toBe('http://posthog.example.test:8443/api/projects/1/cohorts/?limit=2&search=');
  });

  it('previous keeps an offset when it is not the first page', async () => {
    const { data } = await api.get<Page>('/api/projects/1/event_definitions/?limit=2&offset=4');
    expect(data.previous).toBe(`${sim.url}/api/projects/1/event_definitions/?limit=2&offset=2`);
  });

  it('ignores an invalid or zero limit and an invalid offset', async () => {
    for (const query of ['limit=0', 'limit=abc', 'limit=-3', 'offset=-1', 'offset=x']) {
      const { data } = await api.get<Page>(`/api/projects/1/cohorts/?${query}`);
      expect({ query, n: data.results.length, previous: data.previous }).toEqual({ query, n: data.count, previous: null });
    }
  });

  it('an offset past the end gives an empty page with the full count', async () => {
    const { data } = await api.get<Page>('/api/projects/1/cohorts/?offset=500');
    expect(data.results).toEqual([]);
    expect(data.count).toBeGreaterThan(0);
    expect(data.next).toBeNull();
  });

  it('annotations default to 1000 per page, other lists to 100', async () => {
    sim.control.clearRequests();
    const existing = (await api.get<Page>('/api/projects/1/annotations/')).data.count;
    for (let i = existing; i < 130; i++) {
      const created = await api.post('/api/projects/1/annotations/', { content: `bulk ${i}`, scope: 'project', date_marker: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() });
      expect(created.status).toBe(201);
    }
    const annotations = (await api.get<Page>('/api/projects/1/annotations/')).data;
    expect(annotations.count).toBeGreaterThanOrEqual(130);
    expect(annotations.results.length).toBe(annotations.count);
    expect(annotations.next).toBeNull();

    for (let i = 0; i < 101; i++) sim.control.addEvents(1, [{ event: `custom_event_${i}`, distinct_id: 'pager' }]);
    const definitions = (await api.get<Page>('/api/projects/1/event_definitions/')).data;
    expect(definitions.results.length).toBe(100);
    expect(definitions.next).toBe(`${sim.url}/api/projects/1/event_definitions/?limit=100&offset=100`);
  });
});
