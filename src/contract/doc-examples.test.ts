import { describe, expect, test } from 'vitest';
import { responseExamples, type ExampleSection } from './doc-examples';
import { loadDocsData } from './docs-data';
import { validateErrorEnvelope, validateResponse } from './validate';

interface Expectation {
  page: string;
  section: ExampleSection;
  /** Method whose schema judges the example; absent for pages outside the index (error envelope only). */
  method?: string;
  /** For examples DISCREPANCIES.md marks as wrong: the entry and the paths that must fail. */
  wrong?: { discrepancy: string; paths: string[] };
}

const VOTE = 'api-reference/vote/';
const EXPECTATIONS: Expectation[] = [
  { page: `${VOTE}vote.attachedvote.recall.md`, section: 'success', method: 'vote.AttachedVote.recall' },
  { page: `${VOTE}vote.attachedvote.recall.md`, section: 'error', method: 'vote.AttachedVote.recall' },
  { page: `${VOTE}vote.attachedvote.vote.md`, section: 'success', method: 'vote.AttachedVote.vote' },
  { page: `${VOTE}vote.attachedvote.vote.md`, section: 'error', method: 'vote.AttachedVote.vote' },
  {
    page: `${VOTE}vote.attachedvote.get.md`,
    section: 'success',
    method: 'vote.AttachedVote.get',
    wrong: { discrepancy: 'D-04', paths: ['/result', '/time'] },
  },
  { page: `${VOTE}vote.attachedvote.get.md`, section: 'error', method: 'vote.AttachedVote.get' },
  { page: `${VOTE}vote.attachedvote.getMany.md`, section: 'success', method: 'vote.AttachedVote.getMany' },
  { page: `${VOTE}vote.attachedvote.getMany.md`, section: 'error', method: 'vote.AttachedVote.getMany' },
  { page: `${VOTE}vote.attachedvote.getWithVoted.md`, section: 'success', method: 'vote.AttachedVote.getWithVoted' },
  { page: `${VOTE}vote.attachedvote.getWithVoted.md`, section: 'error', method: 'vote.AttachedVote.getWithVoted' },
  { page: `${VOTE}vote.attachedvote.getAnswerVoted.md`, section: 'success', method: 'vote.AttachedVote.getAnswerVoted' },
  { page: `${VOTE}vote.attachedvote.getAnswerVoted.md`, section: 'error', method: 'vote.AttachedVote.getAnswerVoted' },
  { page: `${VOTE}vote.attachedvote.stop.md`, section: 'success', method: 'vote.AttachedVote.stop' },
  { page: `${VOTE}vote.attachedvote.stop.md`, section: 'error', method: 'vote.AttachedVote.stop' },
  { page: `${VOTE}vote.attachedvote.resume.md`, section: 'success', method: 'vote.AttachedVote.resume' },
  { page: `${VOTE}vote.attachedvote.resume.md`, section: 'error', method: 'vote.AttachedVote.resume' },
  { page: `${VOTE}vote.integration.im.send.md`, section: 'success', method: 'vote.Integration.Im.send' },
  { page: `${VOTE}vote.integration.im.send.md`, section: 'error', method: 'vote.Integration.Im.send' },
  { page: `${VOTE}vote.attachedvote.download.md`, section: 'error' },
  { page: 'api-reference/chats/messages/im-message-delete.md', section: 'success', method: 'im.message.delete' },
  { page: 'api-reference/chats/messages/im-message-delete.md', section: 'error', method: 'im.message.delete' },
];

const PAGES = [
  ...Object.keys(loadDocsData('en').pages).filter((page) => page.startsWith(VOTE)),
  'api-reference/chats/messages/im-message-delete.md',
];
const examples = PAGES.flatMap((page) => responseExamples(page));

describe('JSON response examples of the vote pages and im.message.delete', () => {
  test('every example on those pages has an expectation, and every expectation an example', () => {
    const found = examples.map((example) => `${example.page} ${example.section}`).sort();
    const expected = EXPECTATIONS.map((item) => `${item.page} ${item.section}`).sort();
    expect(found).toEqual(expected);
  });

  test.for(EXPECTATIONS)('$page $section example', (item) => {
    const example = examples.find((candidate) => candidate.page === item.page && candidate.section === item.section);
    expect(example, 'example present on the page').toBeDefined();
    const body = example?.body;
    const result = item.method ? validateResponse(item.method, body) : validateErrorEnvelope(body);
    expect(result.kind).toBe(item.section);
    if (item.wrong) {
      expect(result.ok).toBe(false);
      expect(result.errors.map((error) => error.path).sort()).toEqual([...item.wrong.paths].sort());
    } else {
      expect(result.errors).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });
});

describe('responseExamples', () => {
  test('skips JSON blocks outside the response and error sections (the ballot format on the vote page)', () => {
    const found = responseExamples(`${VOTE}vote.attachedvote.vote.md`);
    expect(found.map((example) => example.section)).toEqual(['success', 'error']);
  });

  test('a page the committed data lacks names the data file and the fix', () => {
    expect(() => responseExamples('api-reference/vote/no-such-page.md')).toThrow(/no-such-page\.md is not in schemas\/docs\/en\.json \(run npm run docs:sync/);
  });

  test('each call returns its own copy, so a test that edits a body cannot change another test', () => {
    const [first] = responseExamples(`${VOTE}vote.attachedvote.recall.md`);
    (first?.body as { result: unknown }).result = 'edited';
    expect((responseExamples(`${VOTE}vote.attachedvote.recall.md`)[0]?.body as { result: unknown }).result).not.toBe('edited');
  });

  test('the Russian set is there too, with the wire messages its tables give', () => {
    const [example] = responseExamples(`${VOTE}vote.attachedvote.recall.md`, 'ru').filter((item) => item.section === 'error');
    expect(example?.body).toEqual({ error: 'ATTACH_NOT_FOUND', error_description: 'Attach not found' });
  });
});
