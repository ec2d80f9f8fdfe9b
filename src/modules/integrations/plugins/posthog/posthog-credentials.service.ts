import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { SecretBoxError, type SecretBox } from '../../../../../libs/crypto/src/index.js';
import { SECRET_BOX } from '../../../../common/crypto/secret-box.token.js';
import { Integration, integrationSecretAad } from '../../entities/integration.entity.js';
import { IntegrationError } from '../../provider/integration.errors.js';

/**
 * The only code in Findry that decrypts a PostHog key, and only to hand it to PostHogClient for one call.
 * The plaintext never leaves the plugin.
 */
@Injectable()
export class PostHogCredentials {
  constructor(
    private readonly em: EntityManager,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
  ) {}

  async apiKeyFor(integrationId: string): Promise<string> {
    const row = await this.em.fork().findOne(Integration, { id: integrationId }, { fields: ['accessTokenCiphertext'] });
    if (!row?.accessTokenCiphertext) {
      throw new IntegrationError('integration_not_connected', 'PostHog is not connected in this workspace', 'credentials');
    }
    try {
      return this.secrets.open(row.accessTokenCiphertext, integrationSecretAad(integrationId));
    } catch (e) {
      if (!(e instanceof SecretBoxError)) throw e;
      throw new IntegrationError('credentials_unreadable', 'The stored PostHog key cannot be decrypted', 'credentials', {
        hint: 'Its encryption key may have been removed from FINDRY_ENCRYPTION_KEYS. Restore it, or reconnect PostHog.',
      });
    }
  }
}
