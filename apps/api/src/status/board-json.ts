import { createHash } from 'node:crypto';
import type { Board } from '@cosinum/projections';
import type { StatusItem } from '@cosinum/domain';
import { encodeTail, type BoardEncoding, type EncodedTail } from './board-encoding';

type Tail = Omit<Board, 'asOf' | 'knownAt'>;

interface CachedTail {
  readonly of: Tail;
  readonly tail: Buffer;
  /** SHA-256 of `tail`, computed the first time an entity tag is asked for. */
  hash?: Buffer;
  /** The tail compressed, per encoding (and, for brotli, per head length): a few at most. */
  encoded?: Map<string, Promise<EncodedTail | undefined>>;
}

/** Compressed tails kept per cached board: gzip, and brotli for a couple of head lengths. */
const MAX_ENCODED = 4;
/** Below this, @fastify/compress does not compress either (its threshold). */
const COMPRESS_THRESHOLD = 1024;

/** The members of a board after its two moment fields, serialised once: `"counts":…,"items":[…]}`. */
const tails = new WeakMap<Board['items'], CachedTail>();

const sameTail = (a: Tail, b: Tail): boolean =>
  a.counts === b.counts &&
  a.noReport === b.noReport &&
  a.meanProgressRate === b.meanProgressRate &&
  a.rules === b.rules;

/** A board's body and its entity tag (RFC 9110, 8.8.3): a strong tag of the bytes sent. */
export interface BoardBody {
  readonly body: Buffer;
  readonly etag: string;
  /**
   * The body compressed in `encoding` from the cached board's compressed tail (board-encoding.ts),
   * or undefined when there is none to use (a board not cached, a small one, a failed check):
   * the caller then leaves compression to @fastify/compress.
   */
  readonly encoded?: (encoding: BoardEncoding) => Promise<Buffer | undefined>;
}

const tailOf = (rest: Tail): CachedTail => {
  let tail = tails.get(rest.items);
  if (!tail || !sameTail(tail.of, rest)) {
    tail = { of: rest, tail: Buffer.from(JSON.stringify(rest).slice(1), 'utf8') };
    if (Object.isFrozen(rest.items)) tails.set(rest.items, tail);
  }
  return tail;
};

/**
 * The board as the HTTP body: `JSON.stringify(board)` to the byte, in UTF-8, `prefix` being JSON
 * members put first (e.g. `"ministry":{…},`). A board of several thousand items costs more to
 * stringify and encode than to send, so everything but the moment of a cached board (frozen,
 * shared by every caller asking the same question: counts, rule set, items) is serialised once,
 * for as long as that board lives; only the two moment fields are written per call. Its entity
 * tag likewise: the cached part is hashed once, then with the moment per call. The tag depends on
 * the bytes only, so every server of a cluster gives the same one, and a restart keeps it.
 */
export const boardBody = (board: Board, prefix = ''): BoardBody => {
  const { asOf, knownAt, ...rest } = board;
  const tail = tailOf(rest);
  const head = Buffer.from(
    `{${prefix}"asOf":${JSON.stringify(asOf)},"knownAt":${JSON.stringify(knownAt)},`,
    'utf8',
  );
  tail.hash ??= createHash('sha256').update(tail.tail).digest();
  const cached = tails.get(rest.items) === tail;
  return {
    // Built only when sent as is: a compressed answer never needs the whole body.
    get body() {
      return Buffer.concat([head, tail.tail], head.length + tail.tail.length);
    },
    etag: `"${createHash('sha256').update(head).update(tail.hash).digest('base64url')}"`,
    ...(cached &&
      head.length + tail.tail.length >= COMPRESS_THRESHOLD && {
        encoded: async (encoding: BoardEncoding) => {
          const key = encoding === 'gzip' ? encoding : `${encoding}|${head.length}`;
          tail.encoded ??= new Map();
          let encoded = tail.encoded.get(key);
          if (!encoded) {
            if (tail.encoded.size >= MAX_ENCODED) return undefined;
            // A compression that fails leaves the board to @fastify/compress, as a failed check.
            encoded = encodeTail(encoding, head, tail.tail).catch(() => undefined);
            tail.encoded.set(key, encoded);
          }
          return (await encoded)?.frame(head);
        },
      }),
  };
};

/** Paging of `GET /api/status`: the cursor names the last item of the previous page. */
export interface BoardPage {
  readonly limit: number;
  readonly after?: string;
}

const cursorOf = (item: Pick<StatusItem, 'commitmentId' | 'ministry'>): string =>
  Buffer.from(`${item.commitmentId}|${item.ministry}`, 'utf8').toString('base64url');

/** The key a cursor names, or undefined when it is not one of ours. */
export const readCursor = (cursor: string): string | undefined => {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[0-9a-f-]{36}\|[A-Z][A-Z0-9_]{0,31}$/.test(key) && cursorOf(keyItem(key)) === cursor
    ? key
    : undefined;
};

const keyItem = (key: string) => {
  const [commitmentId, ministry] = key.split('|');
  return { commitmentId, ministry };
};

const keyOf = (i: Pick<StatusItem, 'commitmentId' | 'ministry'>) =>
  `${i.commitmentId}|${i.ministry}`;

/** Items in paging order, kept as long as the cached board that holds them. */
const stableOrders = new WeakMap<Board['items'], StatusItem[]>();

/**
 * One page of a board, in a stable order (commitment id, then ministry), so that a page boundary
 * holds while the board changes between two calls: the board's counts stay those of the whole
 * board, `total` says how many items it has, `next` is the cursor of the following page (null
 * on the last one).
 */
export const pagedBoardBody = (board: Board, page: BoardPage): BoardBody => {
  let ordered = stableOrders.get(board.items);
  if (!ordered) {
    ordered = [...board.items].sort((a, b) => {
      const x = keyOf(a);
      const y = keyOf(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    if (Object.isFrozen(board.items)) stableOrders.set(board.items, ordered);
  }
  let start = 0;
  if (page.after !== undefined) {
    const after = page.after;
    // The first item after the cursor's (it may have left the board since: its place holds).
    let low = 0;
    let high = ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (keyOf(ordered[mid]) <= after) low = mid + 1;
      else high = mid;
    }
    start = low;
  }
  const items = ordered.slice(start, start + page.limit);
  const more = start + page.limit < ordered.length;
  const body = Buffer.from(
    JSON.stringify({
      asOf: board.asOf,
      knownAt: board.knownAt,
      counts: board.counts,
      noReport: board.noReport,
      meanProgressRate: board.meanProgressRate,
      rules: board.rules,
      total: ordered.length,
      limit: page.limit,
      next: more && items.length > 0 ? cursorOf(items[items.length - 1]) : null,
      items,
    }),
    'utf8',
  );
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
};
