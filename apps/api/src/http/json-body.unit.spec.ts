import { jsonDepthExceeds } from './json-body';

describe('jsonDepthExceeds', () => {
  it('counts nesting of objects and arrays, not brackets inside strings', () => {
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 2)).toBe(true);
    expect(jsonDepthExceeds('{"t":"[[[[{{{{"}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"t":"a\\"[[[["}', 1)).toBe(false);
    expect(jsonDepthExceeds('[[],[],[]]', 2)).toBe(false);
  });

  it('stops at the first level past the limit, however long the text', () => {
    expect(jsonDepthExceeds('['.repeat(1_000_000), 32)).toBe(true);
  });
});
