export { generateKeyringEntry, KEY_BYTES, KEY_ID_PATTERN, Keyring, parseKeyring } from './keyring.js';
export { SecretBox } from './secret-box.js';
export {
  InvalidKeyringError,
  SecretAuthFailedError,
  SecretBoxError,
  type SecretBoxErrorCode,
  SecretMalformedError,
  SecretUnknownKeyError,
} from './secret-box.errors.js';
