#!/usr/bin/env node
'use strict';
// Entry point of the `cosinum` command (`npx cosinum …` from the repository). It runs the
// compiled CLI; `npm ci` builds it (the `prepare` script), `npm run build` rebuilds it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('cosinum: the CLI is not built yet; run `npm run build` first.\n');
  process.exit(1);
}
// A closed pipe (`cosinum status | head`) is a normal end, not a crash.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
require(entry)
  .run(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
