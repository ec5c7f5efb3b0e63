/**
 * The documentation's facts as committed data (schemas/docs/<set>.json), and the reader of a docs
 * checkout that `npm run docs:sync` and the drift test share. Nothing else reads a checkout: the
 * project stands alone, and the tests read only the committed data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DocsCheckoutMissing } from '../errors';
import { extractSet, type DocsData, type ErrorCodeRow, type PageFacts, type SystemErrorRow } from './docs-extract';
import { repoRoot, schemasDir } from './schema-files';

export interface DocSet {
  set: 'en' | 'ru';
  /** The checkout's folder name under ../shared/reference/. */
  folder: string;
}

/** The English translation and the Russian original; the contract is their union. */
export const DOC_SETS: readonly DocSet[] = [
  { set: 'en', folder: 'bitrix24-rest-docs' },
  { set: 'ru', folder: 'bitrix24-rest-docs-ru' },
];

export const docsDataDir = path.join(schemasDir, 'docs');
export const docsDataFile = (set: DocSet['set']): string => path.join(docsDataDir, `${set}.json`);

/** Where a developer's checkout and CI keep the docs: beside the repository. */
export const defaultCheckout = (docSet: DocSet): string => path.resolve(repoRoot, '..', 'shared', 'reference', docSet.folder);

const loaded = new Map<string, DocsData>();

export function loadDocsData(set: DocSet['set'] = 'en'): DocsData {
  let data = loaded.get(set);
  if (!data) {
    data = JSON.parse(readFileSync(docsDataFile(set), 'utf8')) as DocsData;
    loaded.set(set, data);
  }
  return data;
}

export function pageFacts(page: string, set: DocSet['set'] = 'en'): PageFacts {
  const facts = loadDocsData(set).pages[page];
  if (!facts) throw new Error(`${page} is not in schemas/docs/${set}.json (run npm run docs:sync if the page is new)`);
  return facts;
}

export { DocsCheckoutMissing };

function markdownFiles(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return markdownFiles(root, rel);
      return entry.name.endsWith('.md') ? [rel] : [];
    })
    .sort();
}

/** Every page of a checkout, extracted; its SOURCE-COMMIT's first line is the provenance. */
export function readCheckout(docSet: DocSet, dir: string): DocsData {
  const marker = path.join(dir, 'SOURCE-COMMIT');
  if (!existsSync(marker)) throw new DocsCheckoutMissing(`${dir} is not a docs checkout (it has no SOURCE-COMMIT)`);
  const sourceCommit = (readFileSync(marker, 'utf8').split('\n')[0] ?? '').trim();
  const pages: Record<string, string> = {};
  for (const page of markdownFiles(dir)) pages[page] = readFileSync(path.join(dir, page), 'utf8');
  return extractSet(docSet.set, docSet.folder, sourceCommit, pages);
}

/** The committed file's exact text for a set's data: sorted keys come from the extractor. */
export const serialiseDocsData = (data: DocsData): string => `${JSON.stringify(data, null, 2)}\n`;

/** One vote page's error-code table in each set: the Russian rows carry the wire message. */
export interface ErrorTablePage {
  page: string;
  en: ErrorCodeRow[];
  ru: ErrorCodeRow[];
}

/** The vote.AttachedVote.* pages' error tables side by side, from the committed data of both sets. */
export function errorTables(): ErrorTablePage[] {
  const en = loadDocsData('en').pages;
  const ru = loadDocsData('ru').pages;
  return Object.keys(ru)
    .filter((page) => /\/vote\.attachedvote\.[^/]+\.md$/.test(page) && (ru[page]?.errorCodes || en[page]?.errorCodes))
    .map((page) => ({ page, en: en[page]?.errorCodes ?? [], ru: ru[page]?.errorCodes ?? [] }));
}

/** System-error rows of the Russian table whose code the English one lacks. */
export function russianOnlySystemErrors(): SystemErrorRow[] {
  const page = '_includes/system-errors.md';
  const english = new Set((pageFacts(page, 'en').systemErrors ?? []).map((row) => row.code));
  return (pageFacts(page, 'ru').systemErrors ?? []).filter((row) => !english.has(row.code));
}
