import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const DIST = resolve(__dirname, '..', 'dist', 'apps');

/**
 * Packages a server loads when it first needs them (a PDF printed, a spreadsheet read or written,
 * a sign-in, a token, a mail, an EventStoreDB store), never when it starts on its defaults: each
 * costs tenths of a second of module loading at every start.
 */
const LOADED_ON_FIRST_USE = [
  'exceljs',
  'playwright-core',
  'pdf-lib',
  'openid-client',
  'jose',
  'nodemailer',
  '@eventstore/db-client',
];

/** The packages of `LOADED_ON_FIRST_USE` that requiring the built `module` loads. */
const loadedBy = (module: string): string[] =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(module)});
         const files = Object.keys(require.cache);
         const names = ${JSON.stringify(LOADED_ON_FIRST_USE)};
         process.stdout.write(JSON.stringify(
           names.filter((n) => files.some((f) => f.includes('/node_modules/' + n + '/')))));`,
      ],
      { encoding: 'utf8' },
    ),
  ) as string[];

describe('what a server loads when it starts', () => {
  it('the API loads none of the packages it needs only on first use', () => {
    expect(loadedBy(resolve(DIST, 'api', 'src', 'app.module.js'))).toEqual([]);
  });

  it('the worker loads none of them either', () => {
    expect(loadedBy(resolve(DIST, 'worker', 'src', 'worker.module.js'))).toEqual([]);
  });

  it('the check sees a package that is loaded', () => {
    // The same probe on a module that does load one: the test above cannot pass for nothing.
    expect(loadedBy('exceljs')).toEqual(['exceljs']);
  });
});
