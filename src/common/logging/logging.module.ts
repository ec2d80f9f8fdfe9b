import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../../../config/index.js';
import { redactSecrets } from '../../../libs/http/src/index.js';

/**
 * Structured logs. Redaction happens twice on purpose: by path for headers we know carry credentials, and on the
 * final JSON line for anything shaped like a credential wherever it hides (a message, a body, a query string).
 */
export function createLoggingModule(config: AppConfig, destination?: DestinationStream): DynamicModule {
  return LoggerModule.forRoot({
    // On Fastify the default route pattern matches nothing (STACK.md), so request logging needs an explicit one.
    forRoutes: [{ path: '/{*splat}', method: RequestMethod.ALL }],
    pinoHttp: [
      {
        level: config.logLevel,
        redact: {
          paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
          censor: '[REDACTED]',
        },
        hooks: { streamWrite: redactSecrets },
      },
      destination ?? process.stdout,
    ],
  });
}
