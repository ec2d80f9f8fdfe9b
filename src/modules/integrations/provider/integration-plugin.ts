import type { DynamicModule, Type } from '@nestjs/common';
import type { IntegrationProvider } from './integration-provider.js';

/** A plugin: the Nest module that builds it, and the provider class that module exports. */
export interface IntegrationPlugin {
  module: Type<unknown> | DynamicModule;
  provider: Type<IntegrationProvider>;
}
