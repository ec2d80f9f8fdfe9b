import { validationFailed, type FieldProblem } from '../../../common/errors/validation-failed.js';
import type { CredentialField } from './integration-provider.js';
import type { CredentialInput } from './provider-capabilities.js';

/**
 * Checks a request body against a provider's declared credential fields: unknown fields, missing required
 * ones and wrong types are refused with one `validation_failed` naming each field. Values are never echoed.
 */
export function parseCredentialInput(fields: readonly CredentialField[], body: unknown, { only }: { only?: string[] } = {}): CredentialInput {
  const wanted = only ? fields.filter((f) => only.includes(f.key)) : fields;
  const problems: FieldProblem[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationFailed([], 'The request body must be a JSON object');
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!wanted.some((f) => f.key === key)) problems.push({ field: key, problems: [`property ${key} should not exist`] });
  }
  const out: CredentialInput = {};
  for (const f of wanted) {
    const v = input[f.key];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (f.required) problems.push({ field: f.key, problems: [`${f.key} is required`] });
      continue;
    }
    if (f.type === 'integer') {
      const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
        problems.push({ field: f.key, problems: [`${f.key} must be a positive integer`] });
        continue;
      }
      out[f.key] = n;
      continue;
    }
    if (typeof v !== 'string') {
      problems.push({ field: f.key, problems: [`${f.key} must be a string`] });
      continue;
    }
    if (f.maxLength && v.length > f.maxLength) {
      problems.push({ field: f.key, problems: [`${f.key} must be at most ${f.maxLength} characters`] });
      continue;
    }
    out[f.key] = v;
  }
  if (problems.length) throw validationFailed(problems);
  return out;
}
