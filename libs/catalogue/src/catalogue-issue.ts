/** A problem in the file, where it is: 1-based line and column, and the field's path. */
export interface CatalogueIssue {
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
}

export const formatIssue = (issue: CatalogueIssue, file?: string): string =>
  `${file ? `${file}:` : 'line '}${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;

export class CatalogueValidationError extends Error {
  override readonly name = 'CatalogueValidationError';
  readonly code = 'CATALOGUE.INVALID';

  constructor(readonly issues: readonly CatalogueIssue[]) {
    super(
      `the catalogue has ${issues.length} error${issues.length > 1 ? 's' : ''}:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`,
    );
  }
}
