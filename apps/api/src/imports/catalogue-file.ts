import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const DEFAULT_CATALOGUE = join('data', 'catalogue', 'cosinum.catalogue.yaml');

/** A file of the repository: from the working directory, else upward from the built code. */
export const findRepositoryFile = (path: string, from: string = __dirname): string | null => {
  const fromCwd = resolve(path);
  if (existsSync(fromCwd)) return fromCwd;
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, path);
    if (existsSync(candidate)) return candidate;
  }
  return null;
};

/** The repository's catalogue. */
export const findDefaultCatalogue = (from: string = __dirname): string | null =>
  findRepositoryFile(DEFAULT_CATALOGUE, from);
