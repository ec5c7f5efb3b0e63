import { describe, expect, test } from 'vitest';
import {
  DocsFormatError,
  extractErrorCodes,
  extractExamples,
  extractPage,
  extractRateLimits,
  extractSampleModuleIds,
  extractStatusCodes,
  extractSystemErrors,
} from './docs-extract';

const fence = (json: string): string => ['```json', json, '```'].join('\n');

const PAGE = [
  '# A method',
  '## Code Examples',
  fence('{"not": "a response"}'),
  '```js',
  "call({ moduleId: 'im', entityId: 1 })",
  '```',
  '## Response Handling',
  'HTTP status: **200**',
  fence('{"result": true}'),
  '## Error Handling',
  'HTTP status: **4xx**',
  fence('{"error": "ATTACH_NOT_FOUND"}'),
  '### Possible Error Codes',
  '#|',
  '|| **Code** | **Description** ||',
  '|| `ATTACH_NOT_FOUND` | Not found ||',
  '|| `403` | Inactive  ||',
  '|#',
  '## Continue Learning',
].join('\n');

describe('extractExamples', () => {
  test('takes the JSON blocks of the response and error sections, with the status each section states', () => {
    expect(extractExamples('p.md', PAGE)).toEqual([
      { section: 'success', index: 0, line: 11, status: '200', body: { result: true } },
      { section: 'error', index: 0, line: 16, status: '4xx', body: { error: 'ATTACH_NOT_FOUND' } },
    ]);
  });

  test('reads the Russian headings and status line', () => {
    const ru = ['## Обработка ответа', 'HTTP-статус: **200**', fence('{"a": 1}'), '## Обработка ошибок', fence('{"b": 2}')].join('\n');
    expect(extractExamples('p.md', ru).map(({ section, status, body }) => ({ section, status, body }))).toEqual([
      { section: 'success', status: '200', body: { a: 1 } },
      { section: 'error', status: undefined, body: { b: 2 } },
    ]);
  });

  test('a block that is not JSON names the page and line', () => {
    expect(() => extractExamples('bad.md', ['## Response Handling', fence('{nope')].join('\n'))).toThrow(DocsFormatError);
    expect(() => extractExamples('bad.md', ['## Response Handling', fence('{nope')].join('\n'))).toThrow(/^bad\.md:2: /);
  });
});

describe('extractErrorCodes', () => {
  test('two columns: code and description', () => {
    expect(extractErrorCodes(PAGE)).toEqual([
      { code: 'ATTACH_NOT_FOUND', description: 'Not found' },
      { code: '403', description: 'Inactive' },
    ]);
  });

  test('three columns (the Russian tables): code, wire message, description', () => {
    const ru = ['### Возможные коды ошибок', '#|', '|| **Код** | **Сообщение** | **Описание** ||', '|| `100` | Bitrix\\Vote\\Attach All | Нет ||', '|#'].join('\n');
    expect(extractErrorCodes(ru)).toEqual([{ code: '100', message: 'Bitrix\\Vote\\Attach All', description: 'Нет' }]);
  });

  test('a page without the table has none', () => {
    expect(extractErrorCodes('# x\n#|\n|| a | b ||\n|#')).toBeUndefined();
  });
});

test('extractSystemErrors: status, code and the message on the line under the code', () => {
  const page = ['#|', '|| **Status** | **Code**', '**Error Message** | **Description** ||', '|| `401` | `NO_AUTH_FOUND`', 'Wrong authorization data | Bad [token](/x.html) ||', '|#'].join('\n');
  expect(extractSystemErrors(page)).toEqual([{ status: 401, code: 'NO_AUTH_FOUND', message: 'Wrong authorization data' }]);
});

test('extractRateLimits: the tariff table by its X and Y columns', () => {
  const page = ['#|', '|| **Tariff** | **Rate**,', '`Y` | **Limit**,', '`X` ||', '|| Big | 5 per sec | 250 ||', '|| Small | 2 per sec | 50 ||', '|#', '#|', '|| **Other** | **Table** ||', '|| 1 | 2 ||', '|#'].join('\n');
  expect(extractRateLimits(page)).toEqual([
    { plan: 'Big', drainPerSecond: 5, burst: 250 },
    { plan: 'Small', drainPerSecond: 2, burst: 50 },
  ]);
});

test('extractStatusCodes: a sentence with one status and one code, not one that lists several', () => {
  const text = 'It is blocked with status `503` and error code `QUERY_LIMIT_EXCEEDED`. Then `429` or `503` may come as `OPERATION_TIME_LIMIT`.\nВозвращает статус `429` и код ошибки `OPERATION_TIME_LIMIT`.';
  expect(extractStatusCodes(text)).toEqual([
    { status: 503, code: 'QUERY_LIMIT_EXCEEDED' },
    { status: 429, code: 'OPERATION_TIME_LIMIT' },
  ]);
});

test('extractSampleModuleIds: every spelling the samples use, once each', () => {
  const text = `"moduleId":"im" moduleId: 'Im' 'moduleId' => 'im' moduleId=blog`;
  expect(extractSampleModuleIds(text)).toEqual(['Im', 'im']);
});

test('extractPage: only the facts a page has', () => {
  const facts = extractPage('api-reference/x.md', PAGE);
  expect(Object.keys(facts).sort()).toEqual(['errorCodes', 'examples', 'sampleModuleIds']);
  expect(facts.sampleModuleIds).toEqual(['im']);
});
