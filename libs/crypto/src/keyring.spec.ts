import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { generateKeyringEntry, InvalidKeyringError, parseKeyring, SecretBoxError } from './index.js';

const b64 = (n = 32) => randomBytes(n).toString('base64');

function parseError(spec: string): InvalidKeyringError {
  try {
    parseKeyring(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidKeyringError);
    expect(e).toBeInstanceOf(SecretBoxError);
    expect((e as InvalidKeyringError).code).toBe('invalid_keyring');
    return e as InvalidKeyringError;
  }
  throw new Error(`expected "${spec}" to be rejected`);
}

describe('parseKeyring', () => {
  it('takes the first entry as active and keeps the rest for decryption', () => {
    const ring = parseKeyring(` k2:${b64()} , k1:${b64()}`);
    expect(ring.activeKeyId).toBe('k2');
    expect(ring.keyIds).toEqual(['k2', 'k1']);
    expect(ring.has('k1')).toBe(true);
    expect(ring.key('k1')).toHaveLength(32);
  });

  it('accepts url-safe and unpadded base64', () => {
    const key = randomBytes(32);
    const ring = parseKeyring(`a:${key.toString('base64url')}`);
    expect(ring.key('a')!.equals(key)).toBe(true);
  });

  it('accepts what generateKeyringEntry produces', () => {
    const entry = generateKeyringEntry('2026-11_a');
    expect(entry).toMatch(/^2026-11_a:[A-Za-z0-9+/]{43}=$/);
    expect(parseKeyring(entry).activeKeyId).toBe('2026-11_a');
    expect(generateKeyringEntry('x')).not.toBe(generateKeyringEntry('x'));
    expect(() => generateKeyringEntry('bad id')).toThrow(InvalidKeyringError);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    [`k1:${b64()},`, /entry #2 is empty/],
    ['k1', /entry #1 is not in "id:base64" form/],
    [`:${b64()}`, /entry #1 has an invalid key id/],
    [`bad id:${b64()}`, /entry #1 has an invalid key id/],
    [`${'x'.repeat(33)}:${b64()}`, /entry #1 has an invalid key id/],
    [`k1:${b64()},k1:${b64()}`, /entry #2 \("k1"\) repeats a key id/],
    [`k1:${b64(16)}`, /entry #1 \("k1"\) must decode to exactly 32 bytes, got 16/],
    [`k1:${b64(33)}`, /exactly 32 bytes, got 33/],
    ['k1:', /entry #1 \("k1"\) key is not valid base64/],
    ['k1:not base64!', /not valid base64/],
    [`k1:${Buffer.alloc(32).toString('base64')}`, /placeholder/],
  ])('rejects %j', (spec, message) => {
    expect(parseError(spec).message).toMatch(message);
  });

  it('never echoes key material, even when id and key are swapped', () => {
    const key = b64();
    const swapped = parseError(`${key}:k1`);
    expect(swapped.message).not.toContain(key);
    const short = b64(16);
    expect(parseError(`k1:${short}`).message).not.toContain(short);
  });

  it('hides key bytes from JSON and inspect', () => {
    const key = randomBytes(32);
    const ring = parseKeyring(`k1:${key.toString('base64')}`);
    for (const text of [JSON.stringify(ring), inspect(ring, { depth: 5, showHidden: true })]) {
      expect(text).toContain('k1');
      expect(text).not.toContain(key.toString('base64'));
      expect(text).not.toContain(key.toString('hex'));
    }
  });
});
