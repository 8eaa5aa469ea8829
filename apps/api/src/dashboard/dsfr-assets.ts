import { dirname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The State's design system, served as installed: CSS, JS, fonts and icons under `/dsfr/`. */
export const DSFR_ROOT = join(dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist');

export const serveDsfr = (app: NestFastifyApplication): void => {
  app.useStaticAssets({
    root: DSFR_ROOT,
    prefix: '/dsfr/',
    decorateReply: false,
    // Versioned with the package: a browser may keep them for a day.
    maxAge: 86_400_000,
  });
};
