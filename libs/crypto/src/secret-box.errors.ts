/** Stable machine-readable codes; callers branch on these, never on messages. */
export type SecretBoxErrorCode = 'secret_malformed' | 'secret_unknown_key' | 'secret_auth_failed' | 'invalid_keyring';

/**
 * Base class of every error thrown by libs/crypto. Messages never contain plaintext, AAD values or key material,
 * so these errors are safe to log as they are.
 */
export abstract class SecretBoxError extends Error {
  /** Stable code for programmatic handling. */
  abstract readonly code: SecretBoxErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The ciphertext string is not a well-formed `v1.<keyId>.<iv>.<tag>.<ciphertext>` value. */
export class SecretMalformedError extends SecretBoxError {
  readonly code = 'secret_malformed' as const;
}

/** The ciphertext names a key id that is not in the keyring (a retired key was removed too early, or a foreign value). */
export class SecretUnknownKeyError extends SecretBoxError {
  readonly code = 'secret_unknown_key' as const;

  constructor(readonly keyId: string) {
    super(`ciphertext was sealed with key "${keyId}", which is not in the keyring`);
  }
}

/** GCM authentication failed: wrong key, wrong AAD (e.g. value copied to another row) or tampered data. */
export class SecretAuthFailedError extends SecretBoxError {
  readonly code = 'secret_auth_failed' as const;
}

/** The keyring spec (`FINDRY_ENCRYPTION_KEYS`) is invalid; the message names the entry by position/id only. */
export class InvalidKeyringError extends SecretBoxError {
  readonly code = 'invalid_keyring' as const;
}
