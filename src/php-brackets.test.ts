import { describe, expect, test } from 'vitest';
import { fromPhpPairs, toPhpPairs } from './php-brackets';

describe('the PHP bracket codec', () => {
  test('what the client encodes, the portal decodes back (values as the text PHP sees)', () => {
    const params = { attachId: 7, moduleId: 'Im', ballot: { 12: [5, 6], 13: ['9'] }, deep: { a: { b: true } } };
    expect(toPhpPairs(params)).toEqual([
      ['attachId', '7'],
      ['moduleId', 'Im'],
      ['ballot[12][0]', '5'],
      ['ballot[12][1]', '6'],
      ['ballot[13][0]', '9'],
      ['deep[a][b]', '1'],
    ]);
    expect(fromPhpPairs(toPhpPairs(params))).toEqual({ attachId: '7', moduleId: 'Im', ballot: { 12: ['5', '6'], 13: ['9'] }, deep: { a: { b: '1' } } });
  });

  test('decodes appended keys in order and drops names that reach a prototype', () => {
    const decoded = fromPhpPairs([
      ['ballot[12][]', '5'],
      ['ballot[12][]', '6'],
      ['__proto__[polluted]', 'x'],
      ['a[constructor]', 'y'],
    ]);
    expect(decoded).toEqual({ ballot: { 12: ['5', '6'] } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a name nested deeper than the limit is the caller\'s error', () => {
    class Deep extends Error {}
    expect(() => fromPhpPairs([['a[b][c]', '1']], { maxDepth: 2, tooDeep: () => new Deep() })).toThrow(Deep);
    expect(fromPhpPairs([['a[b]', '1']], { maxDepth: 2 })).toEqual({ a: { b: '1' } });
  });
});
