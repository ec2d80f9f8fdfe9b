import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { JobQueue } from '../../../common/jobs/job-queue.service.js';
import { IntegrationsService } from '../integrations.service.js';

export const INTEGRATION_HEALTH_CHECK_QUEUE = 'integration-health-check';

export interface IntegrationHealthCheckData {
  integrationId: string;
}

/** Executes one queued health check. Thin: the service decides whether the check is still due. */
@Injectable()
export class IntegrationHealthCheckJob implements OnModuleInit {
  private readonly logger = new Logger(IntegrationHealthCheckJob.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly orm: MikroORM,
    private readonly integrations: IntegrationsService,
  ) {}

  onModuleInit(): void {
    // `exclusive`: at most one queued-or-running check per integration, however many instances enqueue it.
    this.jobs.register<IntegrationHealthCheckData>(INTEGRATION_HEALTH_CHECK_QUEUE, (data) => this.handle(data), { policy: 'exclusive' });
  }

  async handle({ integrationId }: IntegrationHealthCheckData): Promise<void> {
    const outcome = await RequestContext.create(this.orm.em, () => this.integrations.runHealthCheck(integrationId));
    this.logger.log({ integrationId, outcome }, 'integration health check');
  }
}
