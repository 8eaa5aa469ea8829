import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { CatalogueValidationError, type CatalogueIssue } from './catalogue-issue';
import { readEntry, type CatalogueEntry } from './catalogue.schema';
import { decodeUtf8 } from './decode-utf8';
import { IssueCollector } from './yaml-fields';

export const CATALOGUE_VERSION = 1;

export interface Catalogue {
  readonly version: number;
  readonly entries: readonly CatalogueEntry[];
}

/**
 * Reads a catalogue and validates all of it before anything is used: every bad entry is reported
 * with its line, column and field path, in one {@link CatalogueValidationError}. Accepts the raw
 * bytes so that an encoding problem is reported as such rather than as garbled text.
 */
export const parseCatalogue = (input: Buffer | string): Catalogue => {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeUtf8(input);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const c = new IssueCollector(lineCounter);
  if (doc.errors.length > 0) {
    // Past a syntax error the tree is unreliable: report the syntax only.
    throw new CatalogueValidationError(
      doc.errors.map((e) => ({
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        path: '',
        message: `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new CatalogueValidationError([
      {
        line: 1,
        column: 1,
        path: '',
        message: 'the file is empty: expected `version: 1` and a `commitments:` list',
      },
    ]);
  }
  const top = readTop(c, doc.contents as Node);
  const entries: CatalogueEntry[] = [];
  if (top.commitments) {
    const firstLine = new Map<string, number>();
    top.commitments.forEach((node, i) => {
      // Duplicates are checked on the raw id, so that they are found even in invalid entries.
      const id = isMap(node) ? node.get('externalId', true) : undefined;
      if (isScalar(id) && typeof id.value === 'string') {
        const seen = firstLine.get(id.value);
        if (seen !== undefined)
          c.report(
            id,
            `commitments[${i}].externalId`,
            `duplicate externalId "${id.value}" (first used on line ${seen})`,
          );
        else firstLine.set(id.value, c.position(id).line);
      }
      const entry = readEntry(c, node, `commitments[${i}]`);
      if (entry && firstLine.get(entry.externalId) === c.position(id as Node).line)
        entries.push(entry);
    });
  }
  if (c.issues.length > 0) throw new CatalogueValidationError(sortIssues(c.issues));
  return { version: CATALOGUE_VERSION, entries };
};

export const loadCatalogueFile = (path: string): Catalogue => parseCatalogue(readFileSync(path));

const readTop = (c: IssueCollector, root: Node): { commitments?: readonly (Node | null)[] } => {
  if (!isMap(root)) {
    c.report(root, '', 'expected a mapping with `version: 1` and a `commitments:` list');
    return {};
  }
  let version: unknown;
  let commitments: readonly (Node | null)[] | undefined;
  let hasCommitments = false;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    const value = pair.value as Node | null;
    if (key === 'version') version = isScalar(value) ? value.value : value;
    else if (key === 'commitments') {
      hasCommitments = true;
      if (!isSeq(value)) c.report(value ?? pair, 'commitments', 'must be a list of entries');
      else if (value.items.length === 0) c.report(value, 'commitments', 'is empty');
      else commitments = value.items as (Node | null)[];
    } else
      c.report(
        pair.key as Node,
        String(key),
        'unknown top-level field (expected version, commitments)',
      );
  }
  if (version !== CATALOGUE_VERSION)
    c.report(
      root,
      'version',
      `must be ${CATALOGUE_VERSION}, got ${version === undefined ? 'nothing' : JSON.stringify(version)}`,
    );
  if (!hasCommitments) c.report(root, 'commitments', 'is missing');
  return { commitments };
};

const sortIssues = (issues: readonly CatalogueIssue[]): CatalogueIssue[] =>
  [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
