import { describe, expect, test } from 'vitest';
import { decodeBody, decodeQuery, seenEncoding } from './body';
import { Refusal } from './errors';

const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

function refusalKey(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return error.key;
    throw error;
  }
  return undefined;
}

describe('PHP bracket notation', () => {
  test('appends with [] and nests with [key]', () => {
    const params = decodeQuery('?attachId=5&ballot[12][]=7&ballot[12][]=8&ballot[13][]=9');
    expect(plain(params)).toEqual({ attachId: '5', ballot: { '12': ['7', '8'], '13': ['9'] } });
  });

  test('turns 0..n-1 keys into lists and keeps other keys as objects', () => {
    const params = decodeQuery('QUESTIONS[0][QUESTION]=Q&QUESTIONS[0][ANSWERS][0][MESSAGE]=a&QUESTIONS[0][ANSWERS][1][MESSAGE]=b');
    expect(plain(params)).toEqual({ QUESTIONS: [{ QUESTION: 'Q', ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }] }] });
  });

  test('decodes percent escapes, plus signs and unicode', () => {
    expect(plain(decodeQuery('q=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82+%F0%9F%98%80&amp=a%26b'))).toEqual({ q: 'Привет 😀', amp: 'a&b' });
  });

  test('drops __proto__, constructor and prototype paths without touching Object.prototype', () => {
    const params = decodeQuery('constructor[prototype][polluted]=1&__proto__[polluted]=1&a[__proto__][x]=1&keep=1');
    expect(plain(params)).toEqual({ keep: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('refuses names nested deeper than the cap', () => {
    expect(refusalKey(() => decodeQuery(`a${'[x]'.repeat(40)}=1`))).toBe('tooDeep');
    expect(refusalKey(() => decodeQuery(`a${'[x]'.repeat(10)}=1`))).toBeUndefined();
  });
});

describe('bodies', () => {
  test('JSON objects come back without prototypes and without dangerous keys', () => {
    const params = decodeBody('application/json; charset=utf-8', Buffer.from('{"a":{"__proto__":{"polluted":1},"b":[1,{"constructor":2}]}}'));
    expect(plain(params)).toEqual({ a: { b: [1, {}] } });
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test.for([
    ['invalid JSON', 'application/json', '{"a":', 'invalidJson'],
    ['a JSON array', 'application/json', '[1,2]', 'badBody'],
    ['deep JSON', 'application/json', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`, 'tooDeep'],
    ['deep JSON object', 'application/json', `{"a":${'{"a":'.repeat(100)}1${'}'.repeat(101)}`, 'tooDeep'],
    ['an unknown media type', 'text/plain', 'hello', 'unsupportedMediaType'],
    ['multipart without boundary', 'multipart/form-data', '--x\r\n', 'badBody'],
  ] as const)('refuses %s', ([, type, text, key]) => {
    expect(refusalKey(() => decodeBody(type, Buffer.from(text)))).toBe(key);
  });

  test('form-urlencoded bodies use bracket notation', () => {
    const params = decodeBody('application/x-www-form-urlencoded', Buffer.from('ballot%5B12%5D%5B%5D=5&attachId=3'));
    expect(plain(params)).toEqual({ ballot: { '12': ['5'] }, attachId: '3' });
  });

  test('multipart/form-data bodies use bracket notation, with or without the closing delimiter', () => {
    const parts = (end: string) =>
      [
        '--B0und',
        'Content-Disposition: form-data; name="ballot[12][]"',
        '',
        '5',
        '--B0und',
        'Content-Disposition: form-data; name="text"',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'line one\r\nline two ✓',
        end,
      ].join('\r\n');
    for (const end of ['--B0und--', '--B0und']) {
      const params = decodeBody('multipart/form-data; boundary="B0und"', Buffer.from(parts(end)));
      expect(plain(params)).toEqual({ ballot: { '12': ['5'] }, text: 'line one\r\nline two ✓' });
    }
  });
});

describe('seenEncoding', () => {
  test('names the encoding of a request from its HTTP method and Content-Type', () => {
    expect(seenEncoding('GET', undefined)).toBe('query');
    expect(seenEncoding('GET', 'application/json')).toBe('query');
    expect(seenEncoding('POST', 'application/json; charset=utf-8')).toBe('json');
    expect(seenEncoding('POST', 'Application/X-WWW-Form-Urlencoded')).toBe('form');
    expect(seenEncoding('POST', 'multipart/form-data; boundary=x')).toBe('multipart');
    expect(seenEncoding('POST', undefined)).toBe('other');
    expect(seenEncoding('PUT', 'application/json')).toBe('other');
  });
});
