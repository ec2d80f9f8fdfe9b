import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { IntegrationsController } from './integrations.controller.js';
import { IntegrationsService } from './integrations.service.js';
import { IntegrationHealthCheckJob } from './jobs/integration-health-check.job.js';
import { IntegrationHealthSweepJob } from './jobs/integration-health-sweep.job.js';
import { KeyRotationService } from './key-rotation.service.js';
import type { IntegrationPlugin } from './provider/integration-plugin.js';
import { IntegrationProviderRegistry } from './provider/integration-provider.registry.js';
import type { IntegrationProvider } from './provider/integration-provider.js';
import { INTEGRATION_PROVIDERS } from './provider/integration-providers.token.js';

@Module({})
export class IntegrationsModule {
  /**
   * The plugin list is an argument so a test (or another build) can register more without touching this module.
   * `jobs: false` (the CLI) leaves out the scheduled and queued jobs.
   */
  static forRoot({ plugins, jobs = true }: { plugins: IntegrationPlugin[]; jobs?: boolean }): DynamicModule {
    const jobProviders = jobs ? [IntegrationHealthCheckJob, IntegrationHealthSweepJob] : [];
    return {
      module: IntegrationsModule,
      imports: [AuditModule, ...plugins.map((p) => p.module)],
      controllers: [IntegrationsController],
      providers: [
        { provide: INTEGRATION_PROVIDERS, inject: plugins.map((p) => p.provider), useFactory: (...providers: IntegrationProvider[]) => providers },
        IntegrationProviderRegistry,
        IntegrationsService,
        KeyRotationService,
        ...jobProviders,
      ],
      exports: [IntegrationProviderRegistry, IntegrationsService, KeyRotationService, ...jobProviders],
    };
  }
}
