/**
 * Text typed by people (titles, descriptions, notes, reasons, names) reaches pages, emails,
 * spreadsheets and the audit trail. Refused: control characters other than line breaks and tabs
 * (NUL, ESC… can rewrite a terminal or a log line), the bidirectional overrides, embeddings and
 * isolates (U+202A–U+202E, U+2066–U+2069: they make a text read differently from what it holds,
 * "Trojan Source"), and lone UTF-16 surrogates (not text: they break every encoder downstream).
 */
// Matching control characters is the point of this expression.
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
// Without the `u` flag, so that each half of a pair is seen on its own.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SINGLE_LINE_FORBIDDEN = /[\n\r\t\u2028\u2029]/u;

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x1b: 'ESC',
  0x202e: 'right-to-left override',
  0x202d: 'left-to-right override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
};

const codePoint = (c: number): string =>
  `U+${c.toString(16).toUpperCase().padStart(4, '0')}${NAMES[c] ? ` (${NAMES[c]})` : ''}`;

/**
 * Why `text` may not be stored (`undefined`: it may), in a phrase that follows the field's name:
 * "must not contain U+202E (right-to-left override)". A single-line text (a title, a name) may
 * not hold line breaks or tabs either; a multi-line one (a description, a note) may.
 */
export const textProblem = (
  text: string,
  { singleLine = false, allowBlank = false }: { singleLine?: boolean; allowBlank?: boolean } = {},
): string | undefined => {
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone UTF-16 surrogate';
  const bad = FORBIDDEN.exec(text) ?? (singleLine ? SINGLE_LINE_FORBIDDEN.exec(text) : null);
  if (bad) return `must not contain ${codePoint(bad[0].codePointAt(0) as number)}`;
  if (!allowBlank && text.trim().length === 0) return 'must not be blank';
  return undefined;
};

/** An evidence link's longest accepted length: a long SharePoint address fits, a blob does not. */
export const EVIDENCE_MAX = 2000;

/**
 * Why `link` may not be stored as an evidence link (`undefined`: it may): it must be an absolute
 * http(s) address without credentials, no longer than {@link EVIDENCE_MAX}, since pages and
 * e-mails show it as a link (a `javascript:` or `data:` address would run in a reader's page).
 */
export const evidenceProblem = (link: string): string | undefined => {
  if (link.length > EVIDENCE_MAX) return `must be at most ${EVIDENCE_MAX} characters long`;
  if (textProblem(link, { singleLine: true }) || /\s/.test(link))
    return 'must be a web address without spaces';
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return 'must be an absolute web address (https://…)';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'must be an http or https address';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (!url.hostname.includes('.') && url.hostname !== 'localhost')
    return 'must name a host with a domain (https://example.gouv.fr/…)';
  return undefined;
};
