import { IntegrationError } from '../../provider/integration.errors.js';

/**
 * Checks the shape of a Personal API key before anything is sent. Project API keys (`phc_`) and project secret
 * keys (`phs_`) look similar but cannot read data, so they get an explanation rather than a failed call.
 */
export function parsePersonalApiKey(raw: string): string {
  const key = raw.trim();
  if (key.startsWith('phc_')) {
    throw new IntegrationError('posthog_project_key', 'This is a Project API key (phc_…), which can only send events. Findry needs a Personal API key (phx_…).', 'input', {
      hint: 'In PostHog, open your avatar menu → Settings → Personal API keys, create a key with the scopes Findry needs, and paste it here.',
    });
  }
  if (key.startsWith('phs_')) {
    throw new IntegrationError('posthog_project_key', 'This is a Project secret key (phs_…), which only serves feature flag evaluation. Findry needs a Personal API key (phx_…).', 'input', {
      hint: 'In PostHog, open your avatar menu → Settings → Personal API keys.',
    });
  }
  if (!/^phx_[A-Za-z0-9_-]{8,}$/.test(key)) {
    throw new IntegrationError('posthog_invalid_key_format', 'A PostHog Personal API key starts with phx_ and has no spaces', 'input', {
      hint: 'Copy the whole key from PostHog → Settings → Personal API keys; it is shown only once, when created.',
    });
  }
  return key;
}
