import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/index.js';
import { parseKeyring, SecretBox } from '../../../libs/crypto/src/index.js';
import { SECRET_BOX } from './secret-box.token.js';

@Global()
@Module({
  providers: [
    {
      provide: SECRET_BOX,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // fillSecretsFromDataDir guarantees a keyring outside production, loadConfig in production.
        if (!config.encryptionKeys) throw new Error('FINDRY_ENCRYPTION_KEYS is not set');
        return new SecretBox(parseKeyring(config.encryptionKeys));
      },
    },
  ],
  exports: [SECRET_BOX],
})
export class CryptoModule {}
