import type { Board } from '@cosinum/projections';

type Tail = Omit<Board, 'asOf' | 'knownAt'>;

/** The members of a board after its two moment fields, serialised once: `"counts":…,"items":[…]}`. */
const tails = new WeakMap<Board['items'], { of: Tail; tail: Buffer }>();

const sameTail = (a: Tail, b: Tail): boolean =>
  a.counts === b.counts &&
  a.noReport === b.noReport &&
  a.meanProgressRate === b.meanProgressRate &&
  a.rules === b.rules;

/**
 * The board as the HTTP body: `JSON.stringify(board)` to the byte, in UTF-8, `prefix` being JSON
 * members put first (e.g. `"ministry":{…},`). A board of several thousand items costs more to
 * stringify and encode than to send, so everything but the moment of a cached board (frozen,
 * shared by every caller asking the same question: counts, rule set, items) is serialised once,
 * for as long as that board lives; only the two moment fields are written per call.
 */
export const boardJson = (board: Board, prefix = ''): Buffer => {
  const { asOf, knownAt, ...rest } = board;
  let tail = tails.get(rest.items);
  if (!tail || !sameTail(tail.of, rest)) {
    tail = { of: rest, tail: Buffer.from(JSON.stringify(rest).slice(1), 'utf8') };
    if (Object.isFrozen(rest.items)) tails.set(rest.items, tail);
  }
  const head = Buffer.from(
    `{${prefix}"asOf":${JSON.stringify(asOf)},"knownAt":${JSON.stringify(knownAt)},`,
    'utf8',
  );
  return Buffer.concat([head, tail.tail], head.length + tail.tail.length);
};
