import { createHash } from 'node:crypto';

/** PostHog stores personal API keys as sha256 hex (`hash_key_value`); the simulator never keeps the raw value. */
export function hashKeyValue(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** PostHog's `mask_key_value`: first four and last four characters, e.g. `phx_...a1B2`. */
export function maskKeyValue(value: string): string {
  if (value.length < 8) return '...';
  return `${value.slice(0, 4)}...${value.slice(-4)}`;
}
