import type { Board } from '@cosinum/projections';

/** `"counts":…,"items":[…]}`: a board's JSON after its two moment fields, in UTF-8. */
const tails = new WeakMap<Board['items'], { counts: Board['counts']; tail: Buffer }>();

/**
 * The board as the HTTP body: `JSON.stringify(board)` to the byte, in UTF-8, `prefix` being JSON
 * members put first (e.g. `"ministry":{…},`). A board of several thousand items costs more to
 * stringify and encode than to send, so the counts and items of a cached board (frozen, shared
 * by every caller asking the same question) are serialised once, for as long as that board lives;
 * only the two moment fields are written per call.
 */
export const boardJson = (board: Board, prefix = ''): Buffer => {
  const { counts, items } = board;
  let tail = tails.get(items);
  if (tail?.counts !== counts) {
    tail = { counts, tail: Buffer.from(JSON.stringify({ counts, items }).slice(1), 'utf8') };
    if (Object.isFrozen(items)) tails.set(items, tail);
  }
  const head = Buffer.from(
    `{${prefix}"asOf":${JSON.stringify(board.asOf)},"knownAt":${JSON.stringify(board.knownAt)},`,
    'utf8',
  );
  return Buffer.concat([head, tail.tail], head.length + tail.tail.length);
};
