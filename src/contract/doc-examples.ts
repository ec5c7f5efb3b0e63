import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './schema-files';

/**
 * The reference documentation sits beside the repository (`../shared/reference/...`), both in a
 * developer's checkout and in CI.
 */
export const docsRoot = path.resolve(repoRoot, '../shared/reference/bitrix24-rest-docs');

export type ExampleSection = 'success' | 'error';

export interface DocExample {
  /** Page path relative to the docs root. */
  page: string;
  section: ExampleSection;
  /** 0-based position among the section's JSON blocks. */
  index: number;
  /** 1-based line of the opening fence, for messages. */
  line: number;
  body: unknown;
}

const SECTION_HEADINGS: Record<string, ExampleSection> = {
  'response handling': 'success',
  'error handling': 'error',
};

/** The JSON code blocks under a page's "Response Handling" and "Error Handling" sections. */
export function responseExamples(page: string): DocExample[] {
  const file = path.join(docsRoot, page);
  if (!existsSync(file)) {
    throw new Error(`reference page not found: ${file} (the docs are expected at ${docsRoot}, beside the repository)`);
  }
  const lines = readFileSync(file, 'utf8').split('\n');
  const examples: DocExample[] = [];
  const counts: Record<ExampleSection, number> = { success: 0, error: 0 };
  let section: ExampleSection | undefined;
  for (let at = 0; at < lines.length; at += 1) {
    const line = lines[at] as string;
    const heading = /^## (.+?)\s*$/.exec(line);
    if (heading) {
      section = SECTION_HEADINGS[(heading[1] as string).toLowerCase()];
      continue;
    }
    if (!section || !/^```json\s*$/.test(line.trim())) continue;
    const start = at;
    const block: string[] = [];
    for (at += 1; at < lines.length && !/^\s*```\s*$/.test(lines[at] as string); at += 1) block.push(lines[at] as string);
    let body: unknown;
    try {
      body = JSON.parse(block.join('\n'));
    } catch (error) {
      throw new Error(`${page}:${start + 1}: example is not JSON: ${(error as Error).message}`);
    }
    examples.push({ page, section, index: counts[section]++, line: start + 1, body });
  }
  return examples;
}
