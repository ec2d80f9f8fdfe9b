import { ApiError } from '../core/api-error.js';
import type { RequestData } from '../core/sim-request.js';

/** Small DRF-style field readers for write endpoints: same error codes and wording as DRF's serializer fields. */
export function optionalString(data: RequestData, field: string, maxLength?: number): string | null | undefined {
  const value = data[field];
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw ApiError.validation('Not a valid string.', field, 'invalid');
  const text = String(value);
  if (maxLength !== undefined && text.length > maxLength) {
    throw ApiError.validation(`Ensure this field has no more than ${maxLength} characters.`, field, 'max_length');
  }
  return text;
}

export function optionalBoolean(data: RequestData, field: string): boolean | undefined {
  const value = data[field];
  if (value === undefined) return undefined;
  if (value === true || value === 'true' || value === 'True' || value === 1 || value === '1') return true;
  if (value === false || value === 'false' || value === 'False' || value === 0 || value === '0') return false;
  throw ApiError.validation('Must be a valid boolean.', field, 'invalid');
}

export function optionalChoice<T extends string>(data: RequestData, field: string, choices: readonly T[]): T | undefined {
  const value = data[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !choices.includes(value as T)) {
    throw ApiError.validation(`"${String(value)}" is not a valid choice.`, field, 'invalid_choice');
  }
  return value as T;
}

export function optionalObject(data: RequestData, field: string): Record<string, unknown> | undefined {
  const value = data[field];
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw ApiError.validation('Value must be valid JSON.', field, 'invalid');
  return value as Record<string, unknown>;
}

/** DRF DateTimeField input: ISO 8601; returns epoch ms. */
export function optionalDateTime(data: RequestData, field: string): number | null | undefined {
  const value = data[field];
  if (value === undefined) return undefined;
  if (value === null) return null;
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value) ? Date.parse(value.replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw ApiError.validation(
      'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
      field,
      'invalid',
    );
  }
  return ms;
}

/** DRF renders datetimes as ISO with `Z`, microseconds only when non-zero. */
export function drfDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? iso.replace('.000Z', 'Z') : iso.replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function stringList(data: RequestData, field: string): string[] | undefined {
  const value = data[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw ApiError.validation('Expected a list of items.', field, 'not_a_list');
  return value as string[];
}
