import {
  brotliDecompress,
  constants,
  crc32,
  createBrotliCompress,
  deflateRaw,
  gunzip,
} from 'node:zlib';
import { promisify } from 'node:util';

/**
 * A cached board compressed once, not on every request.
 *
 * A board's body is a short head, different on each request (its two moment fields, "now" by
 * default), then a long tail shared by every request asking the same question (board-json.ts).
 * Compressing the whole body per request (what @fastify/compress does) costs the server far more
 * than sending it: brotli or gzip over megabytes of JSON, on the event loop. Here the tail is
 * compressed once per cached board and encoding, and each request only frames its head around
 * those bytes:
 *
 * - gzip (RFC 1952/1951): the head in a stored (uncompressed) deflate block, then the tail's own
 *   raw deflate stream (byte-aligned after a stored block; its back-references never reach
 *   before its own start), then the CRC-32 of head and tail, combined without reading the tail
 *   again, and the length.
 * - brotli (RFC 7932): the head in an uncompressed meta-block, then the meta-blocks the encoder
 *   wrote for the tail after a head of the same length whose bytes cannot occur in JSON (so no
 *   copy of the tail reaches into it) but its last two (`",`, which the literal context of the
 *   tail's first bytes depends on), flushed in between so that the tail starts on a byte. What a
 *   decoder does with the tail depends on the head only through its length and those two bytes.
 *
 * Each compressed tail is checked once, by decompressing the first body framed with it; a tail
 * that does not give back the exact bytes is not used (the request is then compressed as before).
 */

export type BoardEncoding = 'br' | 'gzip';

/**
 * The encoding to send, as @fastify/compress would choose it (brotli before gzip, `x-gzip` and
 * `*` counted as gzip's, highest quality first, `q=0` refuses); undefined for identity.
 */
export const negotiateEncoding = (header: string | undefined): BoardEncoding | undefined => {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [token, ...params] = part.split(';').map((s) => s.trim());
    if (!token) continue;
    const given = params.find((p) => p.startsWith('q='));
    const quality = given === undefined ? 1 : Number(given.slice(2));
    q.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(quality) ? quality : 0);
  }
  const br = q.get('br') ?? q.get('*') ?? 0;
  const gzip = q.get('gzip') ?? q.get('*') ?? 0;
  if (br > 0 && br >= gzip) return 'br';
  return gzip > 0 ? 'gzip' : undefined;
};

// ---------------------------------------------------------------- CRC-32 of a concatenation

const POLY = 0xedb88320;

/** a(x)·b(x) modulo the CRC-32 polynomial, bits reflected (zlib's multmodp). */
const multmodp = (a: number, b: number): number => {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
};

/** x^(2^n) modulo the polynomial, n = 0…31. */
const X2N: number[] = [];
for (let n = 0, p = 1 << 30; n < 32; n++, p = multmodp(p, p)) X2N.push(p);

/** x^(n·2^k) modulo the polynomial (zlib's x2nmodp). */
const x2nmodp = (n: number, k: number): number => {
  let p = 0x80000000;
  while (n) {
    if (n & 1) p = multmodp(X2N[k & 31], p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
};

/** CRC-32 of A then B from the CRC-32 of each and B's length (zlib's crc32_combine). */
export const crc32Combine = (crcA: number, crcB: number, lengthB: number): number =>
  (multmodp(x2nmodp(lengthB, 3), crcA) ^ crcB) >>> 0;

// ---------------------------------------------------------------- framing

const u32le = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** gzip member header: deflate, no name nor time, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const MAX_STORED = 0xffff;

/** Brotli window: the encoder's default, written out in the framed stream header. */
const LGWIN = 22;
/** Brotli quality: @fastify/compress's default (11 costs seconds on a board). */
const QUALITY = 4;

/**
 * Stream header (WBITS 22: bit 1, then 5 on three bits) and the header of an uncompressed,
 * non-last meta-block of `length` bytes (ISLAST 0, MNIBBLES 4, MLEN-1 on 16 bits, ISUNCOMPRESSED
 * 1): 4 + 1 + 2 + 16 + 1 = 24 bits, so the head's bytes start on a byte boundary.
 */
const brotliHeadHeader = (length: number): Buffer => {
  const bits = 0b1011 | ((length - 1) << 7) | (1 << 23);
  return Buffer.from([bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff]);
};

/** Bytes UTF-8 JSON never holds: control characters (escaped by JSON) and invalid UTF-8 bytes. */
const FOREIGN = [
  ...Array.from({ length: 32 }, (_, i) => i),
  0xc0,
  0xc1,
  ...Array.from({ length: 11 }, (_, i) => 0xf5 + i),
];

/**
 * Foreign bytes in an order where no pair of bytes comes twice (so an encoder finds no copy
 * within a stand-in head): an Eulerian circuit of the complete directed graph on them
 * (Hierholzer), 45 × 44 + 1 bytes.
 */
const FOREIGN_RUN: readonly number[] = (() => {
  const n = FOREIGN.length;
  const tried = new Array<number>(n).fill(0);
  const stack = [0];
  const circuit: number[] = [];
  while (stack.length > 0) {
    const v = stack[stack.length - 1];
    if (tried[v] < n - 1) {
      const u = tried[v]++;
      stack.push(u >= v ? u + 1 : u);
    } else circuit.push(stack.pop() as number);
  }
  return circuit.reverse().map((i) => FOREIGN[i]);
})();

/** A stand-in head of `length` bytes: foreign bytes, then `",` as every board head ends. */
const templateHead = (length: number): Buffer | undefined =>
  length < 2 || length - 2 > FOREIGN_RUN.length
    ? undefined
    : Buffer.concat([Buffer.from(FOREIGN_RUN.slice(0, length - 2)), Buffer.from('",', 'utf8')]);

/** A tail compressed once, ready to be framed with any head it was made for. */
export interface EncodedTail {
  readonly encoding: BoardEncoding;
  frame(head: Buffer): Buffer;
}

const gzipTail = async (tail: Buffer): Promise<EncodedTail> => {
  const deflated = await promisify(deflateRaw)(tail);
  const tailCrc = crc32(tail);
  return {
    encoding: 'gzip',
    frame: (head) => {
      // The head in stored blocks (non-final, byte-aligned), of at most 65,535 bytes each.
      const parts: Buffer[] = [GZIP_HEADER];
      for (let at = 0; at < head.length; at += MAX_STORED) {
        const piece = head.subarray(at, at + MAX_STORED);
        const stored = Buffer.alloc(5);
        stored.writeUInt16LE(piece.length, 1);
        stored.writeUInt16LE(~piece.length & 0xffff, 3);
        parts.push(stored, piece);
      }
      const crc = crc32Combine(crc32(head), tailCrc, tail.length);
      parts.push(deflated, u32le(crc), u32le(head.length + tail.length));
      return Buffer.concat(parts);
    },
  };
};

const brotliTail = async (tail: Buffer, template: Buffer): Promise<EncodedTail> => {
  const encoder = createBrotliCompress({
    params: {
      [constants.BROTLI_PARAM_QUALITY]: QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: LGWIN,
      [constants.BROTLI_PARAM_SIZE_HINT]: template.length + tail.length,
    },
  });
  const chunks: Buffer[] = [];
  let size = 0;
  encoder.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  const ended = new Promise<void>((resolve, reject) => {
    encoder.once('end', resolve);
    encoder.once('error', reject);
  });
  encoder.write(template);
  const cut = await new Promise<number>((resolve) =>
    encoder.flush(constants.BROTLI_OPERATION_FLUSH, () => resolve(size)),
  );
  encoder.end(tail);
  await ended;
  const compressed = Buffer.concat(chunks).subarray(cut);
  return {
    encoding: 'br',
    frame: (head) =>
      Buffer.concat(
        [brotliHeadHeader(head.length), head, compressed],
        3 + head.length + compressed.length,
      ),
  };
};

const decompress = { br: promisify(brotliDecompress), gzip: promisify(gunzip) };

/**
 * `tail` compressed for heads of `head`'s length (and last two bytes), checked by framing `head`
 * and decompressing it; undefined when this framing cannot be used for it.
 */
export const encodeTail = async (
  encoding: BoardEncoding,
  head: Buffer,
  tail: Buffer,
): Promise<EncodedTail | undefined> => {
  if (head.length > MAX_STORED || head.subarray(-2).toString('latin1') !== '",') return undefined;
  let encoded: EncodedTail;
  if (encoding === 'gzip') encoded = await gzipTail(tail);
  else {
    const template = templateHead(head.length);
    if (!template) return undefined;
    encoded = await brotliTail(tail, template);
  }
  try {
    const back = await decompress[encoding](encoded.frame(head));
    return back.length === head.length + tail.length &&
      back.subarray(0, head.length).equals(head) &&
      back.subarray(head.length).equals(tail)
      ? encoded
      : undefined;
  } catch {
    return undefined;
  }
};
