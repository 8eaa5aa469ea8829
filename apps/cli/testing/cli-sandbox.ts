import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a CLI spec sees of a run: its data directory, and what it wrote on stdout and stderr. */
export interface CliSandbox {
  readonly dir: string;
  readonly out: string;
  readonly err: string;
  /** Forgets what was written so far (before the next command of a spec). */
  clear(): void;
}

/**
 * Each spec of the calling `describe` runs the CLI in a fresh `DATA_DIR` (removed afterwards),
 * with stdout and stderr captured; `process.exitCode` and `DATA_DIR` are restored after each.
 */
export const cliSandbox = (prefix: string): CliSandbox => {
  let dir = '';
  let out = '';
  let err = '';
  const previousDataDir = process.env.DATA_DIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    process.env.DATA_DIR = dir;
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
    if (previousDataDir === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previousDataDir;
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
    clear() {
      out = '';
      err = '';
    },
  };
};
