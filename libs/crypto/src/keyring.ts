import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { InvalidKeyringError } from './secret-box.errors.js';

/** Key ids travel inside every ciphertext, so they are restricted to characters that cannot break the format. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** AES-256 needs exactly 32 bytes of key. */
export const KEY_BYTES = 32;

// Standard or URL-safe alphabet, optional padding: operators paste keys from many tools.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * An ordered set of AES-256 keys. The first key seals new values; every key can open values sealed under it,
 * which is what makes rotation possible (add a new key first, re-seal, then drop the old one).
 *
 * The key bytes are deliberately hidden from `JSON.stringify` and `util.inspect` so a keyring that ends up in a
 * log line prints ids only.
 */
export class Keyring {
  readonly #keys: ReadonlyMap<string, Buffer>;
  /** Id of the key used to seal new values. */
  readonly activeKeyId: string;

  /** Prefer {@link parseKeyring}; this constructor validates the same way. */
  constructor(entries: ReadonlyArray<{ id: string; key: Uint8Array }>) {
    if (entries.length === 0) throw new InvalidKeyringError('keyring is empty: at least one "id:base64" entry is required');
    const keys = new Map<string, Buffer>();
    entries.forEach(({ id, key }, i) => {
      const where = `keyring entry #${i + 1}`;
      if (!KEY_ID_PATTERN.test(id)) throw new InvalidKeyringError(`${where} has an invalid key id (expected ${KEY_ID_PATTERN.source})`);
      if (keys.has(id)) throw new InvalidKeyringError(`${where} ("${id}") repeats a key id`);
      if (key.length !== KEY_BYTES) {
        throw new InvalidKeyringError(`${where} ("${id}") must decode to exactly ${KEY_BYTES} bytes, got ${key.length}`);
      }
      // An all-same-byte key is almost always a placeholder (e.g. "AAAA…=") left in a config file.
      if (key.every((b) => b === key[0])) throw new InvalidKeyringError(`${where} ("${id}") looks like a placeholder, not a random key`);
      keys.set(id, Buffer.from(key));
    });
    this.#keys = keys;
    this.activeKeyId = entries[0]!.id;
  }

  /** All key ids, active first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** Whether `keyId` can open values. */
  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /** Raw key bytes for `keyId`, or undefined. Only SecretBox should need this. */
  key(keyId: string): Buffer | undefined {
    return this.#keys.get(keyId);
  }

  toJSON(): { activeKeyId: string; keyIds: string[] } {
    return { activeKeyId: this.activeKeyId, keyIds: this.keyIds };
  }

  [inspect.custom](): string {
    return `Keyring(active=${this.activeKeyId}, keys=[${this.keyIds.join(', ')}])`;
  }
}

/**
 * Parses `FINDRY_ENCRYPTION_KEYS`: comma-separated `id:base64` entries, the first one active.
 * Whitespace around entries is ignored. Errors name the entry by position (and id once it is known to be a
 * valid id), never echoing what could be key material.
 * @throws InvalidKeyringError
 */
export function parseKeyring(spec: string): Keyring {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new InvalidKeyringError('keyring is empty: expected comma-separated "id:base64" entries');
  }
  const entries = spec.split(',').map((raw, i) => {
    const where = `keyring entry #${i + 1}`;
    const entry = raw.trim();
    if (entry === '') throw new InvalidKeyringError(`${where} is empty (stray comma?)`);
    const sep = entry.indexOf(':');
    if (sep < 0) throw new InvalidKeyringError(`${where} is not in "id:base64" form`);
    const id = entry.slice(0, sep);
    const encoded = entry.slice(sep + 1);
    // Checked before anything echoes the id: an operator who swapped the halves would otherwise print the key.
    if (!KEY_ID_PATTERN.test(id)) throw new InvalidKeyringError(`${where} has an invalid key id (expected ${KEY_ID_PATTERN.source})`);
    if (!BASE64.test(encoded)) throw new InvalidKeyringError(`${where} ("${id}") key is not valid base64`);
    return { id, key: Buffer.from(encoded, 'base64') };
  });
  return new Keyring(entries);
}

/** A fresh `id:base64` entry with a random 256-bit key, ready to prepend to `FINDRY_ENCRYPTION_KEYS`. */
export function generateKeyringEntry(id: string): string {
  if (!KEY_ID_PATTERN.test(id)) throw new InvalidKeyringError(`invalid key id (expected ${KEY_ID_PATTERN.source})`);
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}
