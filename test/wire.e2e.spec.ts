import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ALL_MINISTRY_CODES } from '@cosinum/domain';
import { as, emailCommitment, KEYS, startTestApp, type TestApp } from './support/test-app';

interface Raw {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The bytes as they crossed the wire (compressed or not). */
  readonly wire: Buffer;
}

/** A GET whose body is read as sent, without the decompression `fetch` does on its own. */
const rawGet = (t: TestApp, path: string, headers: Record<string, string> = {}): Promise<Raw> =>
  new Promise((resolve, reject) => {
    const request = httpRequest(
      `${t.baseUrl}${path}`,
      { headers: { 'x-api-key': KEYS.analyst, ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            wire: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });

/**
 * What crosses the wire: boards compressed as the client asks (brotli, gzip, or not at all),
 * tagged so that a client that has them gets 304, and paged in a stable order.
 */
describe('the wire', () => {
  let t: TestApp;
  const ids: string[] = [];
  const BOARD = '/api/status?asOf=2021-03-01&knownAt=2021-03-01';
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-02-02T09:00:00Z' });
    for (let n = 0; n < 3; n++) {
      const created = await t.request(
        'POST',
        '/api/commitments',
        emailCommitment({
          externalId: `cosinum-wire-${n}`,
          ministries: [...ALL_MINISTRY_CODES],
          deadline: ['2021-03-31', '2021-04-30', '2021-05-31'][n],
        }),
      );
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
  });
  afterAll(async () => {
    await t.dispose();
  });

  describe('compression', () => {
    it('sends the board in brotli or gzip as the client asks, the same JSON once inflated', async () => {
      const plain = await rawGet(t, BOARD);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const board = JSON.parse(plain.wire.toString('utf8'));
      expect(board.items.length).toBe(3 * ALL_MINISTRY_CODES.length);

      const br = await rawGet(t, BOARD, { 'accept-encoding': 'br, gzip' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(brotliDecompressSync(br.wire).equals(plain.wire)).toBe(true);
      expect(br.wire.length).toBeLessThan(plain.wire.length / 5);

      const gzip = await rawGet(t, BOARD, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.wire).equals(plain.wire)).toBe(true);
      expect(gzip.wire.length).toBeLessThan(plain.wire.length / 5);
    });

    it('compresses the dashboard’s pages too, and leaves small answers alone', async () => {
      const page = await rawGet(t, '/tableau-de-bord', { 'accept-encoding': 'gzip' });
      expect(page.status).toBe(200);
      expect(page.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(page.wire).toString('utf8')).toContain('<html lang="fr"');
      const health = await rawGet(t, '/health/live', { 'accept-encoding': 'gzip' });
      expect(health.headers['content-encoding']).toBeUndefined();
    });
    it('compresses a cached board once: each request frames its own moment around the same compressed bytes', async () => {
      // The default moment is "now": the head of the body changes with every request, the rest
      // (the cached board) does not. Both encodings are framed from the cached compressed tail:
      // the request's head is readable as is at the start (an uncompressed brotli meta-block, a
      // stored deflate block), and the whole inflates to the exact identity body of that moment.
      for (const [now, path] of [
        ['2021-02-02T10:00:00.000Z', '/api/status'],
        ['2021-02-02T10:00:05.000Z', '/api/status'],
        ['2021-02-02T10:00:05.000Z', '/api/ministries/MJ/status'],
      ]) {
        t.clock.set(now);
        const plain = await rawGet(t, path);
        expect(plain.status).toBe(200);
        const head = plain.wire.subarray(0, plain.wire.indexOf('"counts"'));
        expect(head.toString('utf8')).toContain(`"asOf":"${now}"`);
        const br = await rawGet(t, path, { 'accept-encoding': 'gzip, deflate, br, zstd' });
        expect(br.headers['content-encoding']).toBe('br');
        expect(br.headers.vary).toMatch(/accept-encoding/i);
        expect(br.headers.etag).toBe(plain.headers.etag);
        expect(Number(br.headers['content-length'])).toBe(br.wire.length);
        expect(br.wire.subarray(3, 3 + head.length).equals(head)).toBe(true);
        expect(brotliDecompressSync(br.wire).equals(plain.wire)).toBe(true);
        const gzip = await rawGet(t, path, { 'accept-encoding': 'gzip' });
        expect(gzip.headers['content-encoding']).toBe('gzip');
        expect(gzip.headers.etag).toBe(plain.headers.etag);
        expect(gzip.wire.subarray(15, 15 + head.length).equals(head)).toBe(true);
        expect(gunzipSync(gzip.wire).equals(plain.wire)).toBe(true);
      }
      t.clock.set('2021-02-02T09:00:00Z');
    });
  });

  describe('entity tags', () => {
    it('answers 304 with no body to a client that has the board, 200 again once it changed', async () => {
      const first = await rawGet(t, BOARD);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]{43}"$/);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      const again = await rawGet(t, BOARD, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.wire.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      // Whatever the encoding asked for, the tag is the JSON's.
      const brotli = await rawGet(t, BOARD, { 'if-none-match': etag, 'accept-encoding': 'br' });
      expect(brotli.status).toBe(304);

      t.clock.set('2021-02-20T09:00:00Z');
      const reported = await t.request(
        'POST',
        `/api/commitments/${ids[0]}/progress`,
        { ministry: 'MI', value: 90, on: '2021-02-20' },
        as(KEYS.MI),
      );
      expect(reported.status).toBe(201);
      const changed = await rawGet(t, BOARD, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
    });

    it('tags a ministry’s board too', async () => {
      const path = '/api/ministries/MJ/status?asOf=2021-03-01&knownAt=2021-03-01';
      const first = await rawGet(t, path);
      expect(first.status).toBe(200);
      const again = await rawGet(t, path, {
        'if-none-match': `W/"x", ${String(first.headers.etag)}`,
      });
      expect(again.status).toBe(304);
    });
  });

  describe('paging', () => {
    it('walks the whole board page by page in a stable order, each with the whole board’s counts', async () => {
      const whole = JSON.parse((await rawGet(t, BOARD)).wire.toString('utf8'));
      const keys = whole.items
        .map((i: { commitmentId: string; ministry: string }) => `${i.commitmentId}|${i.ministry}`)
        .sort();
      const seen: string[] = [];
      let next: string | null = null;
      let pages = 0;
      do {
        const page: Raw = await rawGet(
          t,
          `${BOARD}&limit=10${next ? `&after=${encodeURIComponent(next)}` : ''}`,
        );
        expect(page.status).toBe(200);
        const body = JSON.parse(page.wire.toString('utf8'));
        expect(body).toMatchObject({ total: keys.length, limit: 10, counts: whole.counts });
        expect(body.items.length).toBeLessThanOrEqual(10);
        seen.push(
          ...body.items.map(
            (i: { commitmentId: string; ministry: string }) => `${i.commitmentId}|${i.ministry}`,
          ),
        );
        next = body.next;
        pages++;
      } while (next !== null && pages < 50);
      expect(seen).toEqual(keys);
      expect(pages).toBe(Math.ceil(keys.length / 10));
    });

    it('keeps to one commitment when asked', async () => {
      const body = JSON.parse(
        (await rawGet(t, `${BOARD}&commitment=${ids[1]}`)).wire.toString('utf8'),
      );
      expect(body.items).toHaveLength(ALL_MINISTRY_CODES.length);
      expect(new Set(body.items.map((i: { commitmentId: string }) => i.commitmentId))).toEqual(
        new Set([ids[1]]),
      );
    });

    it('refuses a bad page size, a cursor it did not make or a bad commitment, naming the field', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=5001', 'limit'],
        ['limit=ten', 'limit'],
        ['after=nope', 'after'],
        ['commitment=42', 'commitment'],
      ]) {
        const refused = await t.request('GET', `/api/status?${query}`);
        expect(refused.status).toBe(400);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });
  });
});
