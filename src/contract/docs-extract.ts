/**
 * The facts the tests need, taken from a documentation page's markdown: the JSON response and
 * error examples with the HTTP status the section states, the error-code tables, the system-error
 * rows, the rate limits, and the moduleId values the code samples send. Prose and code samples
 * stay behind; only names, codes, statuses, messages and example bodies come out.
 *
 * Pure functions of the page text. `npm run docs:sync` runs them over a docs checkout and commits
 * the result as schemas/docs/<set>.json; the drift test runs them again and compares.
 */
import { DocsFormatError } from '../errors';

export type ExampleSection = 'success' | 'error';

export interface ExtractedExample {
  section: ExampleSection;
  /** 0-based position among the section's JSON blocks. */
  index: number;
  /** 1-based line of the opening fence. */
  line: number;
  /** The status the section states ("200", "4xx"), if it states one before the block. */
  status?: string;
  body: unknown;
}

export interface ErrorCodeRow {
  code: string;
  /** The wire message, where the table has a message column (the Russian pages do). */
  message?: string;
  description: string;
}

export interface SystemErrorRow {
  status: number;
  code: string;
  message: string;
}

export interface RateLimitRow {
  plan: string;
  drainPerSecond: number;
  burst: number;
}

export interface StatusCodePair {
  status: number;
  code: string;
}

export interface PageFacts {
  examples: ExtractedExample[];
  errorCodes?: ErrorCodeRow[];
  systemErrors?: SystemErrorRow[];
  rateLimits?: RateLimitRow[];
  /** Status and code pairs the page states in one sentence ("status `429` and error code ..."). */
  statusCodes?: StatusCodePair[];
  /** moduleId values the page's code samples send. */
  sampleModuleIds?: string[];
}

/** Section headings, English and Russian, whose JSON blocks are response examples. */
const SECTION_HEADINGS: Record<string, ExampleSection> = {
  'response handling': 'success',
  'error handling': 'error',
  'обработка ответа': 'success',
  'обработка ошибок': 'error',
};

const ERROR_TABLE_HEADING = /^#{2,4} (possible error codes|возможные коды ошибок)\s*$/i;
const STATUS_LINE = /^(?:HTTP status|HTTP-статус):\s*\*\*([0-9x]+)\*\*/i;

export { DocsFormatError };

export function extractExamples(page: string, text: string): ExtractedExample[] {
  const lines = text.split('\n');
  const examples: ExtractedExample[] = [];
  const counts: Record<ExampleSection, number> = { success: 0, error: 0 };
  let section: ExampleSection | undefined;
  let status: string | undefined;
  for (let at = 0; at < lines.length; at += 1) {
    const line = lines[at] as string;
    const heading = /^## (.+?)\s*$/.exec(line);
    if (heading) {
      section = SECTION_HEADINGS[(heading[1] as string).toLowerCase()];
      status = undefined;
      continue;
    }
    if (!section) continue;
    const stated = STATUS_LINE.exec(line.trim());
    if (stated) {
      status = stated[1];
      continue;
    }
    if (!/^```json\s*$/.test(line.trim())) continue;
    const start = at;
    const block: string[] = [];
    for (at += 1; at < lines.length && !/^\s*```\s*$/.test(lines[at] as string); at += 1) block.push(lines[at] as string);
    let body: unknown;
    try {
      body = JSON.parse(block.join('\n'));
    } catch (error) {
      throw new DocsFormatError(`${page}:${start + 1}: example is not JSON: ${(error as Error).message}`);
    }
    examples.push({ section, index: counts[section]++, line: start + 1, ...(status ? { status } : {}), body });
  }
  return examples;
}

/** The rows of every `#| ... |#` table after `from` (a line index), up to the next heading if asked. */
function tables(lines: string[], from = 0, stopAtHeading = false): string[][][] {
  const found: string[][][] = [];
  for (let at = from; at < lines.length; at += 1) {
    const line = (lines[at] as string).trim();
    if (stopAtHeading && at > from && /^#{1,6} /.test(line)) break;
    if (!line.startsWith('#|')) continue;
    const body: string[] = [];
    for (at += 1; at < lines.length && !(lines[at] as string).trim().startsWith('|#'); at += 1) body.push(lines[at] as string);
    const rows = [...body.join('\n').matchAll(/\|\|([\s\S]*?)\|\|/g)].map((match) =>
      (match[1] as string).split(/\s\|\s/).map((cell) => cell.trim()),
    );
    found.push(rows);
  }
  return found;
}

const unquote = (cell: string): string => cell.replace(/^`|`$/g, '').trim();
const isHeader = (row: string[]): boolean => row.every((cell) => /^\*\*/.test(cell));

export function extractErrorCodes(text: string): ErrorCodeRow[] | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => ERROR_TABLE_HEADING.test(line.trim()));
  if (at === -1) return undefined;
  const [table] = tables(lines, at, true);
  if (!table) return undefined;
  return table
    .filter((row) => !isHeader(row))
    .map((row) => {
      const code = unquote(row[0] ?? '');
      if (row.length >= 3) return { code, message: row[1] as string, description: row[2] as string };
      return { code, description: row[1] ?? '' };
    });
}

export function extractSystemErrors(text: string): SystemErrorRow[] {
  return tables(text.split('\n'))
    .flat()
    .filter((row) => !isHeader(row) && /^`\d{3}`$/.test(row[0] ?? ''))
    .map((row) => {
      const [codeLine = '', ...message] = (row[1] ?? '').split('\n');
      return { status: Number(unquote(row[0] as string)), code: unquote(codeLine), message: message.join(' ').trim() };
    });
}

/** Rows of the tariff table: a plan, a drain of N per second, a burst of M. */
export function extractRateLimits(text: string): RateLimitRow[] {
  return tables(text.split('\n'))
    .filter((table) => table[0]?.some((cell) => cell.includes('`Y`')) && table[0]?.some((cell) => cell.includes('`X`')))
    .flatMap((table) => {
      const header = table[0] as string[];
      const drainColumn = header.findIndex((cell) => cell.includes('`Y`'));
      const burstColumn = header.findIndex((cell) => cell.includes('`X`'));
      return table.slice(1).map((row) => ({
        plan: row[0] as string,
        drainPerSecond: Number(/\d+/.exec(row[drainColumn] ?? '')?.[0]),
        burst: Number(/\d+/.exec(row[burstColumn] ?? '')?.[0]),
      }));
    });
}

/** A sentence that names exactly one backticked status and one backticked error code. */
export function extractStatusCodes(text: string): StatusCodePair[] {
  const pairs: StatusCodePair[] = [];
  for (const sentence of text.split(/(?<=[.;])\s+|\n/)) {
    const statuses = [...sentence.matchAll(/`(\d{3})`/g)].map((match) => Number(match[1]));
    const codes = [...sentence.matchAll(/`([A-Z][A-Z_]{3,})`/g)].map((match) => match[1] as string);
    if (statuses.length === 1 && codes.length === 1) pairs.push({ status: statuses[0] as number, code: codes[0] as string });
  }
  return pairs;
}

export function extractSampleModuleIds(text: string): string[] {
  const found = [...text.matchAll(/["']?moduleId["']?\s*(?::|=>|=)\s*["']([A-Za-z]+)["']/g)].map((match) => match[1] as string);
  return [...new Set(found)].sort();
}

export function extractPage(page: string, text: string): PageFacts {
  const facts: PageFacts = { examples: extractExamples(page, text) };
  const errorCodes = extractErrorCodes(text);
  if (errorCodes) facts.errorCodes = errorCodes;
  if (page.endsWith('system-errors.md')) facts.systemErrors = extractSystemErrors(text);
  if (page === 'limits.md') {
    facts.rateLimits = extractRateLimits(text);
    facts.statusCodes = extractStatusCodes(text);
  }
  const moduleIds = extractSampleModuleIds(text);
  if (moduleIds.length > 0) facts.sampleModuleIds = moduleIds;
  return facts;
}

/** One documentation set, as committed in schemas/docs/<set>.json. */
export interface DocsData {
  $comment: string;
  set: string;
  /** The folder of the checkout it was taken from, under ../shared/reference/. */
  folder: string;
  /** The checkout's SOURCE-COMMIT: the upstream commit (and its date) of these pages. */
  sourceCommit: string;
  pages: Record<string, PageFacts>;
}

export const DOCS_DATA_COMMENT = 'Facts taken from the documentation pages by `npm run docs:sync`; do not edit by hand. Each page key is the page path in the set; each example gives its section and the line of its fence.';

export function extractSet(set: string, folder: string, sourceCommit: string, pages: Record<string, string>): DocsData {
  const facts: Record<string, PageFacts> = {};
  for (const page of Object.keys(pages).sort()) facts[page] = extractPage(page, pages[page] as string);
  return { $comment: DOCS_DATA_COMMENT, set, folder, sourceCommit, pages: facts };
}
