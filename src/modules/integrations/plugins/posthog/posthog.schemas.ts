// Shapes of the PostHog responses Findry reads. Unknown fields are dropped; a missing required one is an
// invalid response, never a crash. Field lists: ../shared/reference/posthog-api.md §5.
import { z } from 'zod';

/** https://posthog.com/docs/api/projects — GET /api/projects/{id}/ */
export const projectSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  organization: z.string().optional(),
  timezone: z.string().optional(),
});
export type PostHogProject = z.infer<typeof projectSchema>;

/** GET /api/projects/ (limit/offset pagination with absolute `next`) */
export const projectListSchema = z.object({
  count: z.number().int().optional(),
  next: z.string().nullable(),
  results: z.array(projectSchema),
});

/** GET /api/personal_api_keys/@current/ — a key may always read itself. Empty stored scopes render as ["*"]. */
export const currentKeySchema = z.object({
  scopes: z.array(z.string()),
  scoped_teams: z.array(z.number().int()).nullable().optional(),
  scoped_organizations: z.array(z.string()).nullable().optional(),
});
export type PostHogCurrentKey = z.infer<typeof currentKeySchema>;

/** The `{type, code, detail, attr}` error envelope of every DRF endpoint. */
export const errorEnvelopeSchema = z.object({
  type: z.string().optional(),
  code: z.string().optional(),
  detail: z.string().optional(),
});
