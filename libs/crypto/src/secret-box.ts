import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_ID_PATTERN, type Keyring } from './keyring.js';
import { SecretAuthFailedError, SecretMalformedError, SecretUnknownKeyError } from './secret-box.errors.js';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]*$/;

interface ParsedSecret {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * Authenticated encryption for secrets stored in the database (AES-256-GCM, random 96-bit IV, 128-bit tag).
 *
 * Output format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The version and key id are bound into
 * the GCM additional data together with the caller's AAD, so neither the key id nor the row binding can be
 * swapped without failing authentication.
 *
 * Always pass an AAD that names the row and column, e.g. `integrations:<rowId>:access_token`: a ciphertext
 * copied into another row or column then fails to open.
 */
export class SecretBox {
  constructor(private readonly keyring: Keyring) {}

  /** Id of the key new values are sealed with. */
  get activeKeyId(): string {
    return this.keyring.activeKeyId;
  }

  /**
   * Encrypts `plaintext` under the active key, bound to `aad`.
   * @param aad non-empty context string identifying where the value is stored.
   */
  seal(plaintext: string, aad: string): string {
    if (typeof plaintext !== 'string') throw new TypeError('SecretBox.seal: plaintext must be a string');
    assertAad(aad);
    const keyId = this.keyring.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keyring.key(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(keyId, aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, keyId, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /**
   * Decrypts a value produced by {@link seal} with any key in the keyring.
   * @throws SecretMalformedError | SecretUnknownKeyError | SecretAuthFailedError
   */
  open(sealed: string, aad: string): string {
    assertAad(aad);
    const { keyId, iv, tag, ciphertext } = parse(sealed);
    const key = this.keyring.key(keyId);
    if (!key) throw new SecretUnknownKeyError(keyId);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(keyId, aad));
      decipher.setAuthTag(tag);
      const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      return plaintext.toString('utf8');
    } catch {
      // node:crypto's message ("Unsupported state or unable to authenticate data") says nothing useful; keep ours.
      throw new SecretAuthFailedError(`ciphertext failed authentication under key "${keyId}" (wrong key, wrong AAD or tampered)`);
    }
  }

  /**
   * Re-encrypts a value under the active key (keeping its AAD) without handing the plaintext to the caller, so
   * key rotation needs no code that can read secrets. A value already under the active key is authenticated and
   * returned unchanged, so re-running a rotation rewrites nothing.
   * @throws SecretMalformedError | SecretUnknownKeyError | SecretAuthFailedError
   */
  reseal(sealed: string, aad: string): string {
    const plaintext = this.open(sealed, aad);
    return this.needsRotation(sealed) ? this.seal(plaintext, aad) : sealed;
  }

  /**
   * Key id a value was sealed with (not verified: only {@link open} authenticates).
   * @throws SecretMalformedError
   */
  keyIdOf(sealed: string): string {
    return parse(sealed).keyId;
  }

  /**
   * True when the value is not sealed under the active key and should be re-sealed (key rotation).
   * @throws SecretMalformedError
   */
  needsRotation(sealed: string): boolean {
    return this.keyIdOf(sealed) !== this.keyring.activeKeyId;
  }
}

function assertAad(aad: string): void {
  // An empty AAD would silently drop the row binding, which is the point of having one.
  if (typeof aad !== 'string' || aad.length === 0) throw new TypeError('SecretBox: aad must be a non-empty string');
}

// Key ids cannot contain ':' so this concatenation is unambiguous.
function additionalData(keyId: string, aad: string): Buffer {
  return Buffer.from(`findry-secret:${VERSION}:${keyId}:${aad}`, 'utf8');
}

function parse(sealed: string): ParsedSecret {
  if (typeof sealed !== 'string') throw new SecretMalformedError('ciphertext must be a string');
  const parts = sealed.split('.');
  if (parts.length !== 5) throw new SecretMalformedError(`ciphertext must have 5 dot-separated parts, got ${parts.length}`);
  const [version, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  if (version !== VERSION) throw new SecretMalformedError('ciphertext has an unsupported version prefix');
  if (!KEY_ID_PATTERN.test(keyId)) throw new SecretMalformedError('ciphertext has an invalid key id');
  return {
    keyId,
    iv: decodePart(iv, 'IV', IV_BYTES),
    tag: decodePart(tag, 'tag', TAG_BYTES),
    ciphertext: decodePart(ciphertext, 'ciphertext'),
  };
}

function decodePart(text: string, name: string, expectedBytes?: number): Buffer {
  if (!B64URL.test(text)) throw new SecretMalformedError(`ciphertext ${name} is not base64url`);
  const bytes = Buffer.from(text, 'base64url');
  // Node's decoder ignores trailing garbage bits; requiring the canonical form rejects alternative encodings.
  if (bytes.toString('base64url') !== text) throw new SecretMalformedError(`ciphertext ${name} is not canonical base64url`);
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) {
    throw new SecretMalformedError(`ciphertext ${name} must be ${expectedBytes} bytes, got ${bytes.length}`);
  }
  return bytes;
}
