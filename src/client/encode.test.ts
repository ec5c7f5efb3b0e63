import { describe, expect, it } from 'vitest';
import { toJson, toMultipart, toPhpPairs, toUrlEncoded } from './encode';

describe('toPhpPairs', () => {
  it('flattens nested objects and arrays into indexed PHP bracket keys, in order', () => {
    expect(toPhpPairs({ attachId: 7, ballot: { 12: [5, 6], 13: ['9'] } })).toEqual([
      ['attachId', '7'],
      ['ballot[12][0]', '5'],
      ['ballot[12][1]', '6'],
      ['ballot[13][0]', '9'],
    ]);
  });

  it('writes booleans as 1 and 0, and drops null, undefined and empty containers', () => {
    expect(toPhpPairs({ yes: true, no: false, gone: null, absent: undefined, none: [], empty: {}, n: 0 })).toEqual([
      ['yes', '1'],
      ['no', '0'],
      ['n', '0'],
    ]);
  });

  it('keeps strings byte for byte, including numeric strings', () => {
    expect(toPhpPairs({ attachId: '0042', moduleId: 'Im' })).toEqual([
      ['attachId', '0042'],
      ['moduleId', 'Im'],
    ]);
  });

  it('refuses values no encoding can carry', () => {
    expect(() => toPhpPairs({ f: () => 1 })).toThrow(/parameter f is a function/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => toPhpPairs({ loop })).toThrow(/refers to itself/);
  });
});

describe('toUrlEncoded', () => {
  it('percent-encodes values and keeps key brackets literal', () => {
    expect(toUrlEncoded({ fields: { TITLE: 'John&Martin x' }, ballot: { 3: [1] } })).toBe(
      'fields[TITLE]=John%26Martin%20x&ballot[3][0]=1',
    );
  });

  it('encodes unicode as UTF-8 and reserved characters in keys', () => {
    expect(toUrlEncoded({ 'a b': 'é?=#' })).toBe('a%20b=%C3%A9%3F%3D%23');
  });

  it('sends a lone surrogate as U+FFFD instead of throwing', () => {
    expect(toUrlEncoded({ q: 'x\uD800' })).toBe('q=x%EF%BF%BD');
  });

  it('is empty for no parameters', () => {
    expect(toUrlEncoded({})).toBe('');
  });
});

describe('toMultipart', () => {
  it('appends one text part per pair under its bracket key', () => {
    const form = toMultipart({ attachId: 3, ballot: { 1: [2] } });
    expect([...form.entries()]).toEqual([
      ['attachId', '3'],
      ['ballot[1][0]', '2'],
    ]);
  });
});

describe('toJson', () => {
  it('keeps the structure and types', () => {
    expect(toJson({ attachId: 3, ballot: { 1: [2, 3] }, flag: true })).toBe('{"attachId":3,"ballot":{"1":[2,3]},"flag":true}');
  });
});
