import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, crc32, gunzipSync } from 'node:zlib';
import { crc32Combine, encodeTail, negotiateEncoding } from './board-encoding';

const headOf = (asOf: string, knownAt: string, prefix = '') =>
  Buffer.from(`{${prefix}"asOf":${JSON.stringify(asOf)},"knownAt":${JSON.stringify(knownAt)},`);

/** A tail like a board's: repetitive JSON with French text, `]}` last. */
const tailOf = (items: number) =>
  Buffer.from(
    `"counts":{"overdue":3},"items":${JSON.stringify(
      Array.from({ length: items }, (_, i) => ({
        commitmentId: `0000${i}`,
        ministry: ['MI', 'MJ', 'MEFR'][i % 3],
        title: `Démarche n° ${i} : « accessibilité » des téléservices`,
        state: i % 7 === 0 ? 'overdue' : 'on_track',
        lastValue: (i * 37) % 101,
        asOf: '2024-06-30T21:59:59.999Z',
      })),
    )}}`,
    'utf8',
  );

describe('crc32Combine', () => {
  it('is the CRC-32 of the concatenation, for any lengths', () => {
    for (const [a, b] of [
      [0, 0],
      [1, 0],
      [0, 5],
      [74, 100_000],
      [3, 1],
      [1000, 65_537],
    ]) {
      const x = randomBytes(a);
      const y = randomBytes(b);
      expect(crc32Combine(crc32(x), crc32(y), y.length)).toBe(crc32(Buffer.concat([x, y])));
    }
  });
});

describe('negotiateEncoding', () => {
  it('chooses as @fastify/compress does: brotli first, then gzip, nothing refused', () => {
    expect(negotiateEncoding(undefined)).toBeUndefined();
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('x-gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding('deflate')).toBeUndefined();
    expect(negotiateEncoding('gzip;q=0')).toBeUndefined();
  });
});

describe('encodeTail', () => {
  const tail = tailOf(3000);
  const heads = [
    headOf('2026-12-02T14:26:30.123Z', '2026-12-02T14:26:30.123Z'),
    headOf('2021-03-01T22:59:59.999Z', '2016-01-01T00:00:00.000Z'),
    headOf('2000-01-01T00:00:00.000Z', '2099-12-31T23:59:59.999Z'),
  ];

  it('frames any head of the same length around one brotli tail: the exact bytes once inflated', async () => {
    const encoded = await encodeTail('br', heads[0], tail);
    expect(encoded).toBeDefined();
    for (const head of heads) {
      const framed = encoded!.frame(head);
      expect(framed.length).toBeLessThan((head.length + tail.length) / 5);
      expect(brotliDecompressSync(framed).equals(Buffer.concat([head, tail]))).toBe(true);
    }
  });

  it('frames any head around one gzip tail, whatever its length', async () => {
    const encoded = await encodeTail('gzip', heads[0], tail);
    expect(encoded).toBeDefined();
    for (const head of [
      ...heads,
      headOf('2021-03-01', '2021-03-01', '"ministry":{"code":"MI"},'),
    ]) {
      const framed = encoded!.frame(head);
      expect(framed.length).toBeLessThan((head.length + tail.length) / 5);
      expect(gunzipSync(framed).equals(Buffer.concat([head, tail]))).toBe(true);
    }
  });

  it('holds for a ministry board’s longer head, and for tails of every size', async () => {
    const head = headOf(
      '2026-12-02T14:26:30.123Z',
      '2026-12-02T14:26:30.123Z',
      '"ministry":{"code":"MEFR","name":"Ministère de l’Économie, des Finances et de la Souveraineté industrielle et numérique","kind":"ministry"},',
    );
    for (const items of [0, 1, 10, 20_000]) {
      const t = tailOf(items);
      const br = await encodeTail('br', head, t);
      expect(brotliDecompressSync(br!.frame(head)).equals(Buffer.concat([head, t]))).toBe(true);
    }
  });

  it('frames a head longer than a stored block in gzip', async () => {
    const encoded = await encodeTail('gzip', heads[0], tail);
    const long = headOf('2021-03-01', '2021-03-01', `"x":"${'é'.repeat(40_000)}",`);
    expect(gunzipSync(encoded!.frame(long)).equals(Buffer.concat([long, tail]))).toBe(true);
  });

  it('refuses a head it cannot frame rather than send wrong bytes', async () => {
    expect(await encodeTail('br', Buffer.from('{"x":1'), tail)).toBeUndefined();
  });
});
