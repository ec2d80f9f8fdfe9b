import { readFileSync } from 'node:fs';
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import { type PostHogSimulator, type PostHogSimulatorOptions, startPostHogSimulator } from '../src/index.js';

/** jest runs from the repository root; the recorded PostHog payloads live in test/fixtures/posthog. */
export const FIXTURES_DIR = path.resolve(process.cwd(), 'test/fixtures/posthog');

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, name), 'utf8')) as T;
}

/** A fixed start time so seeded data is identical on every run. */
export const TEST_NOW = Date.parse('2026-03-15T12:00:00Z');

export async function startTestSimulator(options: PostHogSimulatorOptions = {}): Promise<PostHogSimulator> {
  return startPostHogSimulator({ port: 0, seed: 'demo', now: TEST_NOW, ...options });
}

/** An axios client that never throws on HTTP status, so tests assert statuses themselves. */
export function client(simulator: PostHogSimulator, key?: string): AxiosInstance {
  return axios.create({
    baseURL: simulator.url,
    validateStatus: () => true,
    headers: key ? { Authorization: `Bearer ${key}` } : {},
  });
}

/** Top-level fields of `expected` missing from `actual`. */
export function missingFields(actual: unknown, expected: Record<string, unknown>): string[] {
  const have = actual !== null && typeof actual === 'object' ? Object.keys(actual) : [];
  return Object.keys(expected).filter((key) => !have.includes(key));
}
