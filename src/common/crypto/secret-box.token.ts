/** DI token for the app's SecretBox (libs/crypto), built from FINDRY_ENCRYPTION_KEYS. */
export const SECRET_BOX = Symbol('SECRET_BOX');
