import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../../config/index.js';
import { AppModule, type AppModuleOptions } from '../app.module.js';
import { AppExceptionFilter } from '../common/errors/app-exception.filter.js';
import { createValidationPipe } from '../common/http/validation.pipe.js';

/** Builds the HTTP app exactly as production runs it; `main.ts` and the e2e tests both come through here. */
export async function createApp(config: AppConfig, options: AppModuleOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options),
    new FastifyAdapter({ bodyLimit: 1024 * 1024 }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AppExceptionFilter());
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Findry API')
        .setDescription('Findry backend. Errors always have the shape {statusCode, code, message, details?, hint?}.')
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    );
  SwaggerModule.setup('docs', app, document);
  return app;
}
