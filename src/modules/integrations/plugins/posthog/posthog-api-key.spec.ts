import { IntegrationError } from '../../provider/integration.errors.js';
import { parsePersonalApiKey } from './posthog-api-key.js';

describe('parsePersonalApiKey', () => {
  it('trims a personal key', () => {
    expect(parsePersonalApiKey('  phx_abcDEF123456  ')).toBe('phx_abcDEF123456');
  });

  it.each([
    ['phc_abcdef123456', 'posthog_project_key'],
    ['phs_abcdef123456', 'posthog_project_key'],
    ['phx_short', 'posthog_invalid_key_format'],
    ['phx_has space_in_it', 'posthog_invalid_key_format'],
    ['sk_live_abcdef123456', 'posthog_invalid_key_format'],
  ])('refuses %s with %s, without echoing it', (key, code) => {
    let error: unknown;
    try {
      parsePersonalApiKey(key);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).code).toBe(code);
    expect(JSON.stringify({ m: (error as Error).message, h: (error as IntegrationError).extra.hint })).not.toContain(key);
  });
});
