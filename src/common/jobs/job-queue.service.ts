import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PgBoss, type Job, type QueuePolicy, type SendOptions } from 'pg-boss';
import { APP_CONFIG, RUNTIME_DATABASE_URL, type AppConfig } from '../../../config/index.js';
import { redactSecrets } from '../../../libs/http/src/index.js';
import { JOB_SCHEMA } from './job-schema.js';


export const JOB_WORKERS_ENABLED = Symbol('JOB_WORKERS_ENABLED');

interface Registration {
  name: string;
  policy: QueuePolicy;
  handler: (data: unknown) => Promise<void>;
}

/**
 * The one seam to pg-boss. Jobs register a handler while modules initialise; workers start when the app has
 * booted and stop first on shutdown. Every instance on the same database shares the queues, so a job runs on
 * exactly one of them.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly registrations: Registration[] = [];
  private readonly boss: PgBoss;
  private started = false;
  private markReady!: () => void;
  // Senders may run before this instance's bootstrap hook (hook order across modules is not guaranteed).
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    @Inject(RUNTIME_DATABASE_URL) databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_WORKERS_ENABLED) private readonly enabled: boolean,
  ) {
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      schema: JOB_SCHEMA,
      migrate: false,
      createSchema: false,
      schedule: false,
      max: 4,
    });
    this.boss.on('error', (e: Error) => this.logger.error({ msg: redactSecrets(e.message) }, 'job engine error'));
  }

  register<T>(name: string, handler: (data: T) => Promise<void>, { policy = 'standard' }: { policy?: QueuePolicy } = {}): void {
    this.registrations.push({ name, policy, handler: handler as (data: unknown) => Promise<void> });
  }

  /** Enqueues a job; `null` when a singleton policy already holds one for the same key. */
  async send(name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    if (!this.enabled) throw new Error('The job engine does not run in this process');
    await this.ready;
    return this.boss.send(name, data, options);
  }

  /** Waits until no job of `name` is queued or running (tests use it to observe a sweep's outcome). */
  async drain(name: string, { timeoutMs = 30_000 } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const jobs = await this.boss.findJobs(name, { limit: 100_000 });
      const active = jobs.filter((j) => ['created', 'retry', 'active'].includes(j.state));
      if (!active.length) return;
      if (Date.now() > deadline) throw new Error(`Jobs in ${name} still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    await this.boss.start();
    this.started = true;
    for (const r of this.registrations) {
      await this.boss.createQueue(r.name, { policy: r.policy });
      await this.boss.work(r.name, { pollingIntervalSeconds: this.config.jobs.pollingIntervalSeconds }, async (jobs: Job<unknown>[]) => {
        for (const job of jobs) await r.handler(job.data);
      });
    }
    this.markReady();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 10_000 });
  }
}
