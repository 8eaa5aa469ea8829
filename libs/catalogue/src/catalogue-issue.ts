/** A problem in the file, where it is: 1-based line and column, and the field's path. */
export interface CatalogueIssue {
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
  /** The same problem in French, for a person (the dashboard), when the file is theirs. */
  readonly messageFr?: string;
  /** What the cell should hold instead, in French. */
  readonly expectedFr?: string;
}

export const formatIssue = (issue: CatalogueIssue, file?: string): string =>
  `${file ? `${file}:` : 'line '}${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;

/** How many of a file's errors are kept and shown: enough to fix a file, not to flood a reply. */
export const MAX_REPORTED_ISSUES = 100;

/**
 * A file refused whole. It keeps the first {@link MAX_REPORTED_ISSUES} issues in the order given
 * (callers sort by line) and the total: a file of half a million bad lines answers a hundred of
 * them and the count, not 80 MB.
 */
export class CatalogueValidationError extends Error {
  override readonly name = 'CatalogueValidationError';
  readonly code = 'CATALOGUE.INVALID';
  readonly issues: readonly CatalogueIssue[];
  /** Every issue found, of which `issues` holds the first ones. */
  readonly total: number;

  constructor(issues: readonly CatalogueIssue[]) {
    const shown = issues.slice(0, MAX_REPORTED_ISSUES);
    const more = issues.length - shown.length;
    super(
      `the catalogue has ${issues.length} error${issues.length > 1 ? 's' : ''}:\n${shown.map((i) => `  ${formatIssue(i)}`).join('\n')}${more > 0 ? `\n  … and ${more} more` : ''}`,
    );
    this.issues = shown;
    this.total = issues.length;
  }
}
