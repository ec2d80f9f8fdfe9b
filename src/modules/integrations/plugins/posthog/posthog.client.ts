// The one seam to PostHog's REST API (https://posthog.com/docs/api). Every call is budgeted per key and
// throttle class, schema-checked, and fails as an IntegrationError with a stable code.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../../../../../config/index.js';
import type { OutboundHttpClient } from '../../../../../libs/http/src/index.js';
import { OutboundHttpFactory } from '../../../../common/outbound/outbound-http.factory.js';
import { invalidResponse, postHogError, type PostHogCallContext } from './posthog-errors.js';
import { postHogThrottleClasses, type PostHogThrottleClass } from './posthog-rate-limits.js';

export interface PostHogCall<S extends z.ZodType> {
  host: string;
  apiKey: string;
  method?: 'GET' | 'POST' | 'PATCH';
  /** Path under the host, e.g. `/api/projects/1/`; or an absolute URL on the same origin (pagination `next`). */
  path: string;
  params?: Record<string, string | number | boolean>;
  data?: unknown;
  schema: S;
  cls?: PostHogThrottleClass;
  /** Interactive calls fail fast on a spent budget and never retry; background calls wait and retry. */
  interactive: boolean;
  context: Omit<PostHogCallContext, 'host'>;
}

/** PostHog counts requests per key, so the budget key is a digest of the key: never the key itself. */
export const budgetKeyOf = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex').slice(0, 32);

@Injectable()
export class PostHogClient {
  private readonly http: OutboundHttpClient;

  constructor(factory: OutboundHttpFactory, @Inject(APP_CONFIG) config: AppConfig) {
    this.http = factory.create({ keyPrefix: 'posthog', classes: postHogThrottleClasses(config.integrations.postHogRateLimitScale) });
  }

  async call<S extends z.ZodType>(c: PostHogCall<S>): Promise<z.infer<S>> {
    const url = c.path.startsWith('http') ? c.path : `${c.host}${c.path}`;
    // A `next` link pointing elsewhere would let a hostile server steer the key to another origin.
    if (new URL(url).origin !== c.host) throw invalidResponse('a link to another host');
    let data: unknown;
    try {
      const res = await this.http.request({
        method: c.method ?? 'GET',
        url,
        params: c.params,
        data: c.data,
        headers: { authorization: `Bearer ${c.apiKey}`, accept: 'application/json' },
        budget: { key: budgetKeyOf(c.apiKey), cls: c.cls ?? 'default', mode: c.interactive ? 'fail' : 'wait', maxWaitMs: 60_000 },
        retries: c.interactive ? 0 : 2,
      });
      data = res.data;
    } catch (e) {
      throw postHogError(e, { host: c.host, ...c.context });
    }
    const parsed = c.schema.safeParse(data);
    if (!parsed.success) throw invalidResponse(`${c.method ?? 'GET'} ${new URL(url).pathname}`);
    return parsed.data;
  }
}
