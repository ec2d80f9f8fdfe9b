import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { APP_CONFIG, type AppConfig } from '../../../../config/index.js';
import { JobQueue } from '../../../common/jobs/job-queue.service.js';
import { IntegrationsService } from '../integrations.service.js';
import { INTEGRATION_HEALTH_CHECK_QUEUE, type IntegrationHealthCheckData } from './integration-health-check.job.js';

// Ticks often relative to the check interval so a connection is checked soon after it falls due.
const TICK_MS = 15 * 60_000;

/**
 * Enqueues a health check for every connection that is due. Every instance ticks; pg-boss's singleton key and
 * the service's due-check make sure each connection is checked once per interval.
 */
@Injectable()
export class IntegrationHealthSweepJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(IntegrationHealthSweepJob.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly orm: MikroORM,
    private readonly integrations: IntegrationsService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.cronEnabled) return;
    const tick = () => void this.sweep().catch((e: unknown) => this.logger.error({ err: e }, 'health sweep failed'));
    this.scheduler.addInterval(IntegrationHealthSweepJob.name, setInterval(tick, TICK_MS));
    tick();
  }

  /** Returns how many checks were enqueued (a check already queued elsewhere is not counted). */
  async sweep(): Promise<number> {
    const due = await RequestContext.create(this.orm.em, () => this.integrations.dueForHealthCheck());
    let enqueued = 0;
    for (const integrationId of due) {
      const data: IntegrationHealthCheckData = { integrationId };
      if (await this.jobs.send(INTEGRATION_HEALTH_CHECK_QUEUE, data, { singletonKey: integrationId })) enqueued++;
    }
    return enqueued;
  }
}
