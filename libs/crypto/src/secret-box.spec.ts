import { randomBytes } from 'node:crypto';
import {
  parseKeyring,
  SecretAuthFailedError,
  SecretBox,
  SecretBoxError,
  SecretMalformedError,
  SecretUnknownKeyError,
} from './index.js';

const key = () => randomBytes(32).toString('base64');
const K_NEW = key();
const K_OLD = key();
const AAD = 'integrations:42:access_token';
const SECRET = 'phx_SuperSecretPersonalKey123';

const box = new SecretBox(parseKeyring(`new:${K_NEW},old:${K_OLD}`));
const oldBox = new SecretBox(parseKeyring(`old:${K_OLD}`));

type Parts = [string, string, string, string, string];
const split = (s: string) => s.split('.') as Parts;
const join = (p: Parts) => p.join('.');
function flipFirstByte(b64url: string): string {
  const bytes = Buffer.from(b64url, 'base64url');
  bytes[0]! ^= 0x01;
  return bytes.toString('base64url');
}

function expectError<T extends SecretBoxError>(fn: () => unknown, type: new (...a: never[]) => T, code: string): T {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(type);
  expect(caught).toBeInstanceOf(SecretBoxError);
  const err = caught as T;
  expect(err.code).toBe(code);
  // No error may reveal the secret, the AAD's row binding or key material.
  for (const forbidden of [SECRET, K_NEW, K_OLD]) expect(err.message).not.toContain(forbidden);
  return err;
}

describe('SecretBox', () => {
  it.each([
    ['ascii', SECRET],
    ['empty string', ''],
    ['unicode', 'zażółć gęślą jaźń 🔐 秘密'],
    ['long', 'x'.repeat(100_000)],
  ])('round-trips %s', (_name, plaintext) => {
    const sealed = box.seal(plaintext, AAD);
    expect(box.open(sealed, AAD)).toBe(plaintext);
  });

  it('produces v1.<keyId>.<iv>.<tag>.<ciphertext> with a fresh IV every time', () => {
    const a = box.seal(SECRET, AAD);
    const b = box.seal(SECRET, AAD);
    expect(a).not.toBe(b);
    const [version, keyId, iv, tag, ct] = split(a);
    expect(version).toBe('v1');
    expect(keyId).toBe('new');
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ct, 'base64url')).toHaveLength(Buffer.byteLength(SECRET));
    expect(split(box.seal('', AAD))[4]).toBe('');
  });

  it('does not leak the plaintext into the ciphertext', () => {
    const sealed = box.seal(SECRET, AAD);
    expect(sealed).not.toContain(SECRET);
    expect(sealed).not.toContain(Buffer.from(SECRET).toString('base64url'));
    expect(sealed).not.toContain('SuperSecret');
  });

  it('opens values sealed under a retired (non-active) key and flags them for rotation', () => {
    const sealedOld = oldBox.seal(SECRET, AAD);
    expect(box.keyIdOf(sealedOld)).toBe('old');
    expect(box.open(sealedOld, AAD)).toBe(SECRET);
    expect(box.needsRotation(sealedOld)).toBe(true);
    const resealed = box.seal(box.open(sealedOld, AAD), AAD);
    expect(box.needsRotation(resealed)).toBe(false);
    expect(box.activeKeyId).toBe('new');
  });

  it('reseal() moves a value to the active key and leaves current values untouched', () => {
    const sealedOld = oldBox.seal(SECRET, AAD);
    const resealed = box.reseal(sealedOld, AAD);
    expect(box.keyIdOf(resealed)).toBe('new');
    expect(box.open(resealed, AAD)).toBe(SECRET);
    expect(box.reseal(resealed, AAD)).toBe(resealed);
    expectError(() => box.reseal(sealedOld, 'integrations:43:access_token'), SecretAuthFailedError, 'secret_auth_failed');
    const tampered = split(resealed);
    tampered[3] = flipFirstByte(tampered[3]);
    expectError(() => box.reseal(join(tampered), AAD), SecretAuthFailedError, 'secret_auth_failed');
  });

  it('fails with secret_unknown_key for a key id not in the keyring', () => {
    const sealed = box.seal(SECRET, AAD);
    const err = expectError(() => oldBox.open(sealed, AAD), SecretUnknownKeyError, 'secret_unknown_key');
    expect(err.keyId).toBe('new');
    expect(oldBox.needsRotation(sealed)).toBe(true);
  });

  it('fails with secret_auth_failed under the wrong key with the same id', () => {
    const impostor = new SecretBox(parseKeyring(`new:${key()}`));
    expectError(() => impostor.open(box.seal(SECRET, AAD), AAD), SecretAuthFailedError, 'secret_auth_failed');
  });

  it('binds the ciphertext to its row: another AAD fails', () => {
    const sealed = box.seal(SECRET, AAD);
    for (const other of ['integrations:43:access_token', 'integrations:42:refresh_token', `${AAD} `, AAD.toUpperCase()]) {
      expectError(() => box.open(sealed, other), SecretAuthFailedError, 'secret_auth_failed');
    }
  });

  it('binds the key id: relabelling a ciphertext to another id with the same key bytes fails', () => {
    const shared = key();
    const twin = new SecretBox(parseKeyring(`a:${shared},b:${shared}`));
    const parts = split(twin.seal(SECRET, AAD));
    parts[1] = 'b';
    expectError(() => twin.open(join(parts), AAD), SecretAuthFailedError, 'secret_auth_failed');
  });

  it.each([
    ['IV', 2],
    ['tag', 3],
    ['ciphertext', 4],
  ])('fails with secret_auth_failed when the %s is tampered', (_name, index) => {
    const parts = split(box.seal(SECRET, AAD));
    parts[index] = flipFirstByte(parts[index]!);
    expectError(() => box.open(join(parts), AAD), SecretAuthFailedError, 'secret_auth_failed');
  });

  it('fails with secret_auth_failed when the ciphertext is truncated or extended', () => {
    const parts = split(box.seal(SECRET, AAD));
    const ct = Buffer.from(parts[4], 'base64url');
    for (const changed of [ct.subarray(0, ct.length - 1), Buffer.concat([ct, Buffer.from([0])])]) {
      const p: Parts = [...parts];
      p[4] = changed.toString('base64url');
      expectError(() => box.open(join(p), AAD), SecretAuthFailedError, 'secret_auth_failed');
    }
  });

  describe('malformed input', () => {
    const good = split(box.seal(SECRET, AAD));
    const withPart = (i: number, v: string) => {
      const p: Parts = [...good];
      p[i] = v;
      return join(p);
    };
    const nonCanonicalTag = (() => {
      // 16 bytes -> 22 chars whose last char carries 4 unused bits; setting them yields the same bytes.
      const last = good[3].at(-1)!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const alt = alphabet[alphabet.indexOf(last) ^ 1]!;
      return withPart(3, good[3].slice(0, -1) + alt);
    })();

    it.each<[string, unknown]>([
      ['empty string', ''],
      ['plain text', SECRET],
      ['only a version', 'v1'],
      ['four parts', good.slice(0, 4).join('.')],
      ['six parts', `${join(good)}.x`],
      ['unknown version', withPart(0, 'v2')],
      ['upper-case version', withPart(0, 'V1')],
      ['empty key id', withPart(1, '')],
      ['key id with bad characters', withPart(1, 'new!')],
      ['key id too long', withPart(1, 'k'.repeat(33))],
      ['short IV', withPart(2, Buffer.alloc(11, 1).toString('base64url'))],
      ['long IV', withPart(2, Buffer.alloc(16, 1).toString('base64url'))],
      ['empty IV', withPart(2, '')],
      ['short tag', withPart(3, Buffer.alloc(12, 1).toString('base64url'))],
      ['IV in standard base64 with padding', withPart(2, Buffer.alloc(12, 255).toString('base64') + '=')],
      ['tag with "+" and "/"', withPart(3, '+/' + good[3].slice(2))],
      ['ciphertext with padding', withPart(4, `${good[4]}==`)],
      ['ciphertext with whitespace', withPart(4, ` ${good[4]}`)],
      ['non-canonical tag encoding', nonCanonicalTag],
      ['null', null],
      ['a number', 42],
      ['an object', { toString: () => join(good) }],
    ])('rejects %s with secret_malformed', (_name, input) => {
      expectError(() => box.open(input as string, AAD), SecretMalformedError, 'secret_malformed');
      expectError(() => box.keyIdOf(input as string), SecretMalformedError, 'secret_malformed');
      expectError(() => box.needsRotation(input as string), SecretMalformedError, 'secret_malformed');
    });
  });

  it('rejects an empty or non-string AAD, which would drop the row binding', () => {
    expect(() => box.seal(SECRET, '')).toThrow(TypeError);
    expect(() => box.open(box.seal(SECRET, AAD), '')).toThrow(TypeError);
    expect(() => box.seal(SECRET, undefined as unknown as string)).toThrow(TypeError);
  });
});
