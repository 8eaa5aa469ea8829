import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const DEFAULT_CATALOGUE = join('data', 'catalogue', 'cosinum.catalogue.yaml');

/** The repository's catalogue: from the working directory, else upward from the built code. */
export const findDefaultCatalogue = (from: string = __dirname): string | null => {
  const fromCwd = resolve(DEFAULT_CATALOGUE);
  if (existsSync(fromCwd)) return fromCwd;
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_CATALOGUE);
    if (existsSync(candidate)) return candidate;
  }
  return null;
};
