import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';

/**
 * On which page (from 1) each anchor of a printed page fell. Chromium writes a named destination
 * for every `#anchor` the document links to, in the catalogue's `/Dests` dictionary or its
 * `/Names` tree (PDF 32000-1:2008, 12.3.2.3); pdf-lib reads the file's objects, so that no PDF
 * parser is written here. pdf-lib 1.17 is stable and no longer gets releases; it is used to read
 * only, on PDFs this server made.
 */
export const pagesOfAnchors = async (
  pdf: Uint8Array,
  anchors: readonly string[],
): Promise<Map<string, number>> => {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pageRefs = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const destinations = new Map<string, PDFObject>();
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (dests)
    for (const [name, value] of dests.entries()) destinations.set(name.decodeText(), value);
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (tree) collectNameTree(doc, tree, destinations, 0);
  const wanted = new Set(anchors);
  const pages = new Map<string, number>();
  for (const [name, value] of destinations) {
    if (!wanted.has(name)) continue;
    const page = pageOf(doc, value, pageRefs);
    if (page !== undefined) pages.set(name, page);
  }
  return pages;
};

/** A name tree's leaves: `/Names [key value …]`, under `/Kids` (bounded depth). */
const collectNameTree = (
  doc: PDFDocument,
  node: PDFDict,
  into: Map<string, PDFObject>,
  depth: number,
): void => {
  if (depth > 32) return;
  const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (pairs)
    for (let i = 0; i + 1 < pairs.size(); i += 2) {
      const key = pairs.lookup(i);
      if (key instanceof PDFString || key instanceof PDFHexString)
        into.set(key.decodeText(), pairs.get(i + 1));
    }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids)
    for (let i = 0; i < kids.size(); i++) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) collectNameTree(doc, kid, into, depth + 1);
    }
};

/** A destination is `[page /XYZ …]`, or a dictionary whose `/D` is one. */
const pageOf = (
  doc: PDFDocument,
  value: PDFObject,
  pageRefs: ReadonlyMap<string, number>,
): number | undefined => {
  const resolved = value instanceof PDFRef ? doc.context.lookup(value) : value;
  const array =
    resolved instanceof PDFArray
      ? resolved
      : resolved instanceof PDFDict
        ? resolved.lookupMaybe(PDFName.of('D'), PDFArray)
        : undefined;
  const page = array?.get(0);
  return page instanceof PDFRef ? pageRefs.get(page.toString()) : undefined;
};
