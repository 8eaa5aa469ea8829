import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import { isCalendarDate, textProblem, type CalendarDate } from '@cosinum/domain';
import type { CatalogueIssue } from './catalogue-issue';

/**
 * Collects every issue of a document rather than stopping at the first: a catalogue is fixed in
 * one pass. Each reader returns `undefined` when the value is unusable, having reported why.
 */
export class IssueCollector {
  readonly issues: CatalogueIssue[] = [];

  constructor(private readonly lines: LineCounter) {}

  position(node: Node | Pair | null | undefined): { line: number; column: number } {
    const range = node && 'range' in node ? node.range : undefined;
    const offset = range?.[0] ?? (node && 'key' in node ? (node.key as Node)?.range?.[0] : 0) ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  report(node: Node | Pair | null | undefined, path: string, message: string): undefined {
    this.issues.push({ ...this.position(node), path, message });
    return undefined;
  }
}

/** A map's fields by key: unknown keys and missing required ones are reported. */
export const fields = (
  c: IssueCollector,
  node: Node | null | undefined,
  at: Node | Pair,
  path: string,
  known: { required: readonly string[]; optional: readonly string[] },
): Map<string, Pair<unknown, Node | null>> | undefined => {
  if (!isMap(node)) return c.report(node ?? at, path, `must be a mapping, got ${describe(node)}`);
  const found = new Map<string, Pair<unknown, Node | null>>();
  for (const pair of (node as YAMLMap<unknown, Node | null>).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (![...known.required, ...known.optional].includes(key)) {
      c.report(
        pair.key as Node,
        join(path, key),
        `unknown field (expected ${[...known.required, ...known.optional].join(', ')})`,
      );
      continue;
    }
    found.set(key, pair);
  }
  for (const key of known.required) {
    const pair = found.get(key);
    if (!pair || isNullScalar(pair.value)) {
      c.report(pair ?? node, join(path, key), 'is missing');
      found.delete(key);
    }
  }
  return found;
};

const isNullScalar = (node: Node | null | undefined): boolean =>
  !node || (isScalar(node) && node.value === null);

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

export const describe = (node: Node | null | undefined): string => {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    return typeof v === 'string' ? `"${v}"` : `${typeof v} ${String(v)}`;
  }
  return 'an unexpected value';
};

export const valueOf = (pair: Field): Node | null | undefined => pair?.value;

export const readString = (
  c: IssueCollector,
  pair: Field,
  path: string,
  limits: { min?: number; max: number; multiLine?: boolean },
): string | undefined => {
  if (!pair) return undefined;
  const node = valueOf(pair);
  if (!isScalar(node) || typeof node.value !== 'string')
    return c.report(node ?? pair, path, `must be text, got ${describe(node)}`);
  const text = node.value.trim();
  // The same rules as the API's: no control or bidirectional-override characters, and no line
  // breaks in a one-line field (a YAML folded block ends with one: trimmed above).
  const problem = textProblem(text, { singleLine: !limits.multiLine, allowBlank: true });
  if (problem) return c.report(node, path, problem);
  if (text.length < (limits.min ?? 1))
    return c.report(node, path, `must have at least ${limits.min ?? 1} characters`);
  if (text.length > limits.max)
    return c.report(node, path, `must have at most ${limits.max} characters (has ${text.length})`);
  return text;
};

export const readNumber = (c: IssueCollector, pair: Field, path: string): number | undefined => {
  if (!pair) return undefined;
  const node = valueOf(pair);
  if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value))
    return c.report(node ?? pair, path, `must be a number, got ${describe(node)}`);
  return node.value;
};

export const readDate = (
  c: IssueCollector,
  pair: Field,
  path: string,
): CalendarDate | undefined => {
  if (!pair) return undefined;
  const node = valueOf(pair);
  // A YAML 1.1 document reads unquoted dates as timestamps; accept them as the day they name.
  const value =
    isScalar(node) && node.value instanceof Date
      ? node.value.toISOString().slice(0, 10)
      : isScalar(node)
        ? node.value
        : undefined;
  if (!isCalendarDate(value))
    return c.report(
      node ?? pair,
      path,
      `must be a real calendar date YYYY-MM-DD, got ${describe(node)}`,
    );
  return value;
};

export const readChoice = <T extends string>(
  c: IssueCollector,
  pair: Field,
  path: string,
  choices: readonly T[],
): T | undefined => {
  if (!pair) return undefined;
  const node = valueOf(pair);
  if (!isScalar(node) || !(choices as readonly unknown[]).includes(node.value))
    return c.report(
      node ?? pair,
      path,
      `must be one of ${choices.join(', ')}, got ${describe(node)}`,
    );
  return node.value as T;
};

export type Field = Pair<unknown, Node | null> | undefined;
