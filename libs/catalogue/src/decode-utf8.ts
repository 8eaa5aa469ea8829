import { CatalogueValidationError } from './catalogue-issue';

/**
 * Decodes UTF-8 strictly: a UTF-16/32 file or a stray Latin-1 byte is an error naming its line.
 * The bytes are checked by hand rather than with `TextDecoder` (fatal): it says only that the
 * text is invalid, where this names the line and column of each bad byte.
 */
export const decodeUtf8 = (bytes: Buffer): string => {
  refuseUtf16(bytes);
  const bad = invalidUtf8Offsets(bytes);
  if (bad.length > 0) {
    const issues = bad.slice(0, 20).map((offset) => {
      return {
        ...lineAndColumn(bytes, offset),
        path: '',
        message: `invalid UTF-8 byte 0x${bytes[offset].toString(16).toUpperCase().padStart(2, '0')}: the file must be encoded in UTF-8 (was it saved as Latin-1 or Windows-1252?)`,
      };
    });
    if (bad.length > 20)
      issues.push({
        ...issues[issues.length - 1],
        message: `… and ${bad.length - 20} more invalid bytes`,
      });
    throw new CatalogueValidationError(issues);
  }
  const text = bytes.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
};

/** A UTF-16 or UTF-32 file (byte-order mark, or NUL bytes) is refused, saying how to save it. */
export const refuseUtf16 = (bytes: Buffer): void => {
  const bom = BOMS.find(([mark]) => bytes.subarray(0, mark.length).equals(mark));
  if (bom) {
    throw new CatalogueValidationError([
      {
        line: 1,
        column: 1,
        path: '',
        message: `the file is encoded in ${bom[1]} (byte-order mark): save it as UTF-8`,
      },
    ]);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new CatalogueValidationError([
      {
        ...lineAndColumn(bytes, nul),
        path: '',
        message: 'NUL byte: the file looks like UTF-16 without a byte-order mark; save it as UTF-8',
      },
    ]);
  }
};

const lineAndColumn = (bytes: Buffer, offset: number): { line: number; column: number } => {
  const before = bytes.subarray(0, offset);
  return {
    line: before.filter((b) => b === 0x0a).length + 1,
    column: offset - before.lastIndexOf(0x0a),
  };
};

// UTF-32 first: its little-endian mark begins like UTF-16's.
const BOMS: ReadonlyArray<readonly [Buffer, string]> = [
  [Buffer.from([0xff, 0xfe, 0x00, 0x00]), 'UTF-32'],
  [Buffer.from([0x00, 0x00, 0xfe, 0xff]), 'UTF-32'],
  [Buffer.from([0xff, 0xfe]), 'UTF-16'],
  [Buffer.from([0xfe, 0xff]), 'UTF-16'],
];

/** Offsets of the bytes that start an invalid UTF-8 sequence (RFC 3629: no overlongs, no surrogates). */
const invalidUtf8Offsets = (bytes: Buffer): number[] => {
  const bad: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let length = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
    if (length === 0 || i + length > bytes.length) {
      bad.push(i);
      i++;
      continue;
    }
    let code = b & (0xff >> (length + 1));
    let ok = true;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      code = (code << 6) | (next & 0x3f);
    }
    if (!ok || code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      bad.push(i);
      i++;
      continue;
    }
    i += length;
  }
  return bad;
};
