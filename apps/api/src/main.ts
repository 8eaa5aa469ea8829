import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit, type AppConfig } from '@cosinum/config';
import { createApp } from './app.factory';

const readConfig = (): AppConfig => loadConfigOrExit('cosinum-api');

const main = async (): Promise<void> => {
  const config = readConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  app.get(Logger).log({
    msg: `cosinum-tracker API listening on http://${config.host}:${port} (OpenAPI at /api/docs)`,
    port,
    store: config.sqliteFile,
  });
};

main().catch((error: unknown) => {
  process.stderr.write(
    `cosinum-api: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
