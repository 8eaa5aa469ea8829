/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, `undefined` dropped,
 * numbers as JSON writes them. The same value always gives the same bytes, whatever the order in
 * which its keys were built or stored — which is what a hash over it needs.
 *
 * Written as one pass into a string (every event appended or verified goes through it): the
 * bytes are those of the first version, kept in the spec as the reference.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`Cannot canonicalise ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += item === undefined ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
};
