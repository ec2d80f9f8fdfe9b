import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from './app-config.js';

export interface SecretNotice {
  /** Which setting was filled from the data dir. */
  setting: 'FINDRY_AUTH_SECRET' | 'FINDRY_ENCRYPTION_KEYS';
  file: string;
  generated: boolean;
}

async function readOrCreate(file: string, make: () => string): Promise<{ value: string; generated: boolean }> {
  try {
    return { value: (await readFile(file, 'utf8')).trim(), generated: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const value = make();
  // 'wx' so two processes starting at once cannot both write a different secret; the loser reads the winner's.
  try {
    await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return { value, generated: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return { value: (await readFile(file, 'utf8')).trim(), generated: false };
  }
}

/**
 * Outside production a fresh checkout must start with no setup, so a missing auth secret or encryption key is
 * generated once into the data dir and reused on every later start (losing the key would orphan every stored
 * ciphertext). In production `loadConfig` already refused to get this far without them.
 */
export async function fillSecretsFromDataDir(config: AppConfig): Promise<{ config: AppConfig; notices: SecretNotice[] }> {
  if (config.isProduction) return { config, notices: [] };
  const notices: SecretNotice[] = [];
  const next: AppConfig = { ...config, auth: { ...config.auth } };
  const needsSecret = !config.auth.secret && !config.auth.jwksUrl;
  if (needsSecret || !config.encryptionKeys) await mkdir(config.dataDir, { recursive: true, mode: 0o755 });
  if (needsSecret) {
    const file = join(config.dataDir, 'auth-secret');
    const { value, generated } = await readOrCreate(file, () => randomBytes(48).toString('base64url'));
    next.auth.secret = value;
    notices.push({ setting: 'FINDRY_AUTH_SECRET', file, generated });
  }
  if (!config.encryptionKeys) {
    const file = join(config.dataDir, 'encryption-keys');
    const { value, generated } = await readOrCreate(file, () => `dev1:${randomBytes(32).toString('base64')}`);
    next.encryptionKeys = value;
    notices.push({ setting: 'FINDRY_ENCRYPTION_KEYS', file, generated });
  }
  return { config: next, notices };
}
