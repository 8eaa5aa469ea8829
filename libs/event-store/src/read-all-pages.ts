import type { ReadAllPagesOptions, RecordedEvent } from './event-store.port';

/**
 * `readAllPages` on top of an adapter's `readAll`: each page starts strictly after the last
 * position of the previous one, so a page never repeats nor skips an event, whatever the gaps
 * between positions. Stops at the first page shorter than asked (the end of the log).
 */
export async function* pagesOfReadAll(
  readAll: (options: { after: number; maxCount: number }) => Promise<RecordedEvent[]>,
  options: ReadAllPagesOptions,
  defaultPageSize: number,
): AsyncGenerator<RecordedEvent[]> {
  const pageSize = options.pageSize ?? defaultPageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError(`readAllPages: pageSize must be a positive integer, got ${pageSize}`);
  let after = options.after ?? 0;
  for (;;) {
    const page = await readAll({ after, maxCount: pageSize });
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1].position;
  }
}
