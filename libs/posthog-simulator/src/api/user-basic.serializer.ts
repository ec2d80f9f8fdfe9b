import type { SimulatorState } from '../state/simulator.state.js';

/** PostHog's UserBasicSerializer, used for `created_by` / `last_modified_by`. */
export function userBasic(state: SimulatorState, userId: number | null): Record<string, unknown> | null {
  const user = userId === null ? undefined : state.users.get(userId);
  if (!user) return null;
  return {
    id: user.id,
    uuid: user.uuid,
    distinct_id: user.distinct_id,
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.email,
    is_email_verified: true,
    hedgehog_config: null,
    role_at_organization: user.role_at_organization,
  };
}
