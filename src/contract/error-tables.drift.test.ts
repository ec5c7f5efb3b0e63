/**
 * Drift check for schemas/error-tables.json, the committed extract of the vote pages' error
 * tables in both documentation sets: when the docs are beside the repository, the extract must
 * still match them. Without them the check is skipped, and says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSchemaData, repoRoot } from './schema-files';

const reference = path.resolve(repoRoot, '../shared/reference');
const sets = { en: path.join(reference, 'bitrix24-rest-docs'), ru: path.join(reference, 'bitrix24-rest-docs-ru') };
const present = existsSync(sets.en) && existsSync(sets.ru);

interface Tables { pages: { page: string; en: Record<string, string>[]; ru: Record<string, string>[] }[] }

/** The rows of the table under `heading`, each as its cells without backticks around a code. */
function tableRows(text: string, heading: string): string[][] {
  const start = text.indexOf(heading);
  if (start < 0) return [];
  const open = text.indexOf('#|', start);
  const close = text.indexOf('|#', open + 2);
  return text
    .slice(open + 2, close)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('||'))
    .slice(1)
    .map((line) => line.replace(/^\|\|/, '').replace(/\|\|$/, '').split('|').map((cell) => cell.trim()));
}

describe.skipIf(!present)('schemas/error-tables.json against the docs', () => {
  const tables = loadSchemaData('error-tables.json') as Tables;
  test.each(tables.pages.map((p) => [p.page, p] as const))('%s', (page, entry) => {
    const en = tableRows(readFileSync(path.join(sets.en, page), 'utf8'), '### Possible Error Codes');
    const ru = tableRows(readFileSync(path.join(sets.ru, page), 'utf8'), '### Возможные коды ошибок');
    expect(en.map(([code, description]) => ({ code: code!.replace(/`/g, ''), description }))).toEqual(entry.en);
    expect(ru.map(([code, message, description]) => ({ code: code!.replace(/`/g, ''), message, description }))).toEqual(entry.ru);
  });
});

test.runIf(!present)(`error-tables drift check skipped: the docs are not at ${reference}`, () => {
  expect(present).toBe(false);
});
