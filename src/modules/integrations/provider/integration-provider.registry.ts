import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../../../common/errors/app-error.js';
import type { IntegrationProvider } from './integration-provider.js';
import { INTEGRATION_PROVIDERS } from './integration-providers.token.js';

const KEY = /^[a-z][a-z0-9-]{1,39}$/;

/** The catalogue of plugins. Fails at boot on a malformed or duplicate key, and loudly on an unknown one. */
@Injectable()
export class IntegrationProviderRegistry {
  private readonly byKey = new Map<string, IntegrationProvider>();

  constructor(@Inject(INTEGRATION_PROVIDERS) providers: IntegrationProvider[]) {
    for (const p of providers) {
      if (!KEY.test(p.key)) throw new Error(`Integration provider key "${p.key}" must be a lower-case slug`);
      if (this.byKey.has(p.key)) throw new Error(`Two integration providers share the key "${p.key}"`);
      this.byKey.set(p.key, p);
    }
  }

  list(): IntegrationProvider[] {
    return [...this.byKey.values()];
  }

  get(key: string): IntegrationProvider {
    const provider = this.byKey.get(key);
    if (!provider) throw new AppError('not_found', 'unknown_provider', `There is no integration provider "${key}"`, { details: { known: [...this.byKey.keys()] } });
    return provider;
  }
}
