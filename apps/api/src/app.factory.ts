import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { Logger } from 'nestjs-pino';
import type { CoreOverrides } from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { AppModule } from './app.module';
import { serveDsfr } from './dashboard/dsfr-assets';
import { hardenJsonBodies, refuseFormBodiesOnApi } from './http/json-body';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { InputValidationException, flattenValidationErrors } from './http/problem';

/** Builds the whole API (used by `main.ts` and by the end-to-end tests, on a real port). */
export const createApp = async (
  config: AppConfig,
  overrides: CoreOverrides = {},
): Promise<NestFastifyApplication> => {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, overrides),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  // Security headers. The CSP allows the inline bootstrap of the OpenAPI page and nothing remote.
  await app.register(helmet, {
    // HSTS belongs to the TLS front (reverse proxy); the embedded default speaks plain HTTP locally.
    hsts: false,
    // Helmet's default, `no-referrer`, makes browsers send `Origin: null` with our own form posts
    // (Fetch standard, "serializing a request origin"), and the CSRF check needs the origin.
    // `same-origin`: our pages tell our server where a request comes from, and nothing to others.
    referrerPolicy: { policy: 'same-origin' },
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: null,
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
  });
  // Responses compressed as the client asks (brotli, else gzip), above 1 KiB: the full board is
  // megabytes of JSON and a ministry's network is slow. Brotli at quality 4 (the plugin's
  // default): quality 11 costs seconds on a board. Request bodies are not decompressed: a
  // compressed body would escape BODY_LIMIT until inflated.
  await app.register(compress, {
    globalCompression: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
  });
  hardenJsonBodies(adapter);
  const fastify = adapter.getInstance();
  // Files (catalogues, spreadsheets) are posted as they are: the import validates them whole.
  fastify.addContentTypeParser(
    [
      'application/yaml',
      'text/yaml',
      'application/x-yaml',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    { parseAs: 'buffer' },
    (_req: unknown, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body),
  );
  // The dashboard's file upload (a spreadsheet of progress values): one file, with the form's
  // fields beside it (`_csrf`), held in memory within the body limit.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: config.bodyLimit, files: 1, fields: 20, parts: 21 },
  });
  refuseFormBodiesOnApi(fastify);
  serveDsfr(app);
  app.enableShutdownHooks();
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new InputValidationException(flattenValidationErrors(errors)),
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  // The OpenAPI document is built on the first request for it (the page or the JSON), not at
  // every start: scanning every controller's metadata costs about 0.1 s. Same document, built once.
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('cosinum-tracker')
        .setDescription(
          'Event-sourced tracker of COSINUM commitments: decisions, progress reported by ministries, and the status board at any (asOf, knownAt). Errors are RFC 9457 problem+json.',
        )
        .setVersion('0.1.0')
        .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
        .addBearerAuth({
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'ProConnect (OIDC) access token',
        })
        .build(),
    );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  await app.init();
  return app;
};
