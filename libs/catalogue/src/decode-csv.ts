import { decode } from 'iconv-lite';
import { refuseUtf16 } from './decode-utf8';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a CSV file as Excel saves it: UTF-8 ("CSV UTF-8", with or without its byte-order
 * mark) when the bytes are valid UTF-8, else Windows-1252 (plain "CSV" from French Excel on
 * Windows, whose `é`, `œ` and `€` are single bytes), decoded with `iconv-lite`. A Windows-1252 text
 * is almost never valid UTF-8 by chance: its accented letters are single bytes that UTF-8 refuses.
 * UTF-16 and UTF-32 files are refused, as for the catalogue.
 */
export const decodeCsvText = (bytes: Buffer): string => {
  refuseUtf16(bytes);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = decode(bytes, 'windows-1252');
  }
  // TextDecoder drops the byte-order mark already; this is for a second one, as before.
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
};
