import { startPostHogSimulator, type PostHogSimulator } from '../../libs/posthog-simulator/src/index.js';

export { DEMO_KEYS, DEMO_PROJECT_ID, OTHER_PROJECT_ID } from '../../libs/posthog-simulator/src/index.js';
export type { PostHogSimulator };

/** The PostHog simulator on a random loopback port, demo data, PostHog Cloud's throttles unless told otherwise. */
export function startSimulator(options: Parameters<typeof startPostHogSimulator>[0] = {}): Promise<PostHogSimulator> {
  return startPostHogSimulator({ port: 0, seed: 'demo', ...options });
}
