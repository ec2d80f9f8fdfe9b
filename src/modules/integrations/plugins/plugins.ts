import type { IntegrationPlugin } from '../provider/integration-plugin.js';
import { PostHogModule } from './posthog/posthog.module.js';
import { PostHogProvider } from './posthog/posthog.provider.js';

/** Every plugin the app ships. Adding a provider: a folder under plugins/ and one line here. */
export const INTEGRATION_PLUGINS: IntegrationPlugin[] = [{ module: PostHogModule, provider: PostHogProvider }];
