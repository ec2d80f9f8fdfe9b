import { Global, Module, type DynamicModule } from '@nestjs/common';
import { JOB_WORKERS_ENABLED, JobQueue } from './job-queue.service.js';

@Global()
@Module({})
export class JobsModule {
  /** `workers: false` for the CLI: it may use job-owning services without starting the job engine. */
  static forRoot({ workers }: { workers: boolean }): DynamicModule {
    return { module: JobsModule, providers: [{ provide: JOB_WORKERS_ENABLED, useValue: workers }, JobQueue], exports: [JobQueue] };
  }
}
