import { pageFacts, type DocSet } from './docs-data';
import type { ExampleSection } from './docs-extract';

export type { ExampleSection } from './docs-extract';

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

/**
 * The JSON code blocks under a page's response and error sections, from the committed docs data
 * (schemas/docs/<set>.json), never from a checkout. Each call returns fresh copies.
 */
export function responseExamples(page: string, set: DocSet['set'] = 'en'): DocExample[] {
  return pageFacts(page, set).examples.map(({ section, index, line, body }) => ({ page, section, index, line, body: structuredClone(body) }));
}
