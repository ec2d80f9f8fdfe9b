import type { SimClock } from '../core/clock.js';
import { isoMicros } from '../core/clock.js';
import { ApiError } from '../core/api-error.js';
import type { SimRequest } from '../core/sim-request.js';
import type { PersonalApiKeyRecord, UserRecord } from '../state/simulator.models.js';
import type { SimulatorState } from '../state/simulator.state.js';

export type KeySource = 'header' | 'body' | 'query_string';

const SOURCE_DISPLAY: Record<KeySource, string> = {
  header: 'Authorization header',
  body: 'body',
  query_string: 'query string',
};

export interface PresentedKey {
  value: string;
  source: KeySource;
}

export interface Principal {
  key: PersonalApiKeyRecord;
  user: UserRecord;
  source: KeySource;
}

/**
 * PostHog's `PersonalAPIKeyAuthentication.find_key_with_source`: only the first candidate is tried, in the order
 * Bearer header, body `personal_api_key`, query `personal_api_key`. A Bearer `pha_` (OAuth) or `phs_` (project
 * secret) token is left to other authenticators, which the simulator does not model, so such a request ends up
 * unauthenticated. Reading the body can throw the DRF parse error, exactly when PostHog would hit it.
 */
export function findKeyWithSource(request: SimRequest): PresentedKey | null {
  const authorization = request.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S.+)$/.exec(authorization);
    if (match) {
      const token = match[1].trim();
      if (token.startsWith('pha_') || token.startsWith('phs_')) return null;
      return { value: token, source: 'header' };
    }
  }
  const body = request.data();
  if (typeof body.personal_api_key === 'string') return { value: body.personal_api_key, source: 'body' };
  const fromQuery = request.query.get('personal_api_key');
  if (fromQuery !== null) return { value: fromQuery, source: 'query_string' };
  return null;
}

/**
 * Resolves the presented key (hash lookup; keys of inactive users do not exist as far as auth is concerned).
 * Returns null when no key was presented; the permission layer then answers `not_authenticated`.
 */
export function authenticate(presented: PresentedKey | null, state: SimulatorState, clock: SimClock): Principal | null {
  if (!presented) return null;
  const key = state.findKeyByValue(presented.value);
  const user = key ? state.users.get(key.user_id) : undefined;
  if (!key || !user) {
    throw ApiError.authenticationFailed(`Personal API key found in request ${SOURCE_DISPLAY[presented.source]} is invalid.`);
  }
  // PostHog only writes last_used_at when the hour has changed, to avoid an UPDATE per request.
  const now = clock.now();
  if (key.last_used_at === null || now - Date.parse(key.last_used_at) > 3_600_000) key.last_used_at = isoMicros(now);
  return { key, user, source: presented.source };
}
