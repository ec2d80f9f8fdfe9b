import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, RUNTIME_DATABASE_URL, type AppConfig } from '../../../config/index.js';
import { OutboundHttpClient, RateBudget, type ThrottleClasses } from '../../../libs/http/src/index.js';


/**
 * Builds the outbound HTTP client each plugin uses, with the operator's timeout, size cap and allowlist, and a
 * rate budget in PostgreSQL that every replica shares. One small pool serves every plugin's budget.
 */
@Injectable()
export class OutboundHttpFactory implements OnApplicationShutdown {
  private readonly logger = new Logger('OutboundHttp');
  private pool: pg.Pool | undefined;
  private readonly clients: OutboundHttpClient[] = [];

  constructor(
    @Inject(RUNTIME_DATABASE_URL) private readonly databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `keyPrefix` namespaces one provider's budgets in the shared table. */
  create({ keyPrefix, classes }: { keyPrefix: string; classes: ThrottleClasses }): OutboundHttpClient {
    if (!this.pool) {
      this.pool = new pg.Pool({ connectionString: this.databaseUrl, max: 4 });
      // An idle client dropped by the server would otherwise crash the process through an unhandled 'error'.
      this.pool.on('error', (e) => this.logger.warn({ msg: e.message }, 'rate budget pool connection lost'));
    }
    const client = new OutboundHttpClient({
      timeoutMs: this.config.outbound.timeoutMs,
      maxResponseBytes: this.config.outbound.maxResponseBytes,
      allowlist: this.config.outbound.allowlist,
      budget: new RateBudget({ pool: this.pool, classes, keyPrefix }),
      log: {
        onResponse: (e) => this.logger.debug({ method: e.method, url: e.url, status: e.status, ms: e.ms, attempt: e.attempt, error: e.errorCode }, 'outbound request'),
      },
    });
    this.clients.push(client);
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const c of this.clients) c.close();
    await this.pool?.end();
  }
}
