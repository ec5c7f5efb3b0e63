/**
 * Test cases for the DISCREPANCIES.md entries about the English and Russian documentation sets
 * (D-22 to D-25), read from the committed docs data in schemas/docs/{en,ru}.json, never from
 * the docs beside the repository. src/contract/discrepancies.test.ts runs them with the others.
 */
import { expect } from 'vitest';
import { ERROR_CATALOGUE } from '../portal/errors';
import { PortalStore } from '../portal/store';
import { createWorld } from '../portal/world';
import { malformedIdentifierRefused, noIdentifierRefusedWith100, refusedWithErrorEnvelope } from './invariants';
import { errorTables, loadDocsData, russianOnlySystemErrors } from './docs-data';
import { systemErrors, validateParams } from './validate';
import type { Attach } from '../generated';
import { refusalExchange } from './exchange-fixture';

const tables = () => ({ pages: errorTables() });
const ruRow = (page: string, code: string) => tables().pages.find((p) => p.page.endsWith(page))?.ru.find((r) => r.code === code);

const CODE_100_MESSAGE = 'Bitrix\\Vote\\Attach All parameters in the constructor must have real class type';
const ATTACH = { ID: 5, VOTE_ID: 5, COUNTER: 1, QUESTIONS: {}, isVoted: true, canVote: false, isFinished: false, userAnswerMap: [] } as unknown as Attach;


/** The reference portal's answer to a recall with these params. */
function portalAnswer(params: Record<string, unknown>) {
  const store = new PortalStore(createWorld());
  const outcome = store.call(store.world.participantId, 'vote.AttachedVote.recall', params);
  if (outcome.ok) throw new Error('the portal accepted the call');
  return outcome.error;
}

export const RU_CASES: Record<string, Array<[string, () => void]>> = {
  'D-22': [
    ['every Russian vote.AttachedVote.* error table lists 100 with its message, no English one does', () => {
      const pages = tables().pages;
      expect(pages.length).toBe(8);
      for (const page of pages) {
        expect(page.ru.find((r) => r.code === '100'), page.page).toMatchObject({ message: CODE_100_MESSAGE });
        expect(page.en.some((r) => r.code === '100'), page.page).toBe(false);
      }
    }],
    ['the reference portal answers a recall naming no identifier with 400, code 100 and that message', () => {
      expect(portalAnswer({})).toEqual({ status: 400, code: '100', description: CODE_100_MESSAGE });
    }],
    ['RCL-REF-09 asserts the code: the Russian answer passes, ERROR_ARGUMENT fails', () => {
      expect(noIdentifierRefusedWith100(ATTACH, refusalExchange(400, '100', CODE_100_MESSAGE), ATTACH)).toEqual([]);
      expect(noIdentifierRefusedWith100(ATTACH, refusalExchange(400, 'ERROR_ARGUMENT', 'Invalid parameters'), ATTACH)).toMatchObject([{ path: '/error', expected: '100' }]);
    }],
    ['RCL-REF-10 asserts the class only: 100, ERROR_ARGUMENT or another 4xx code pass', () => {
      for (const answer of [refusalExchange(400, '100', CODE_100_MESSAGE), refusalExchange(400, 'ERROR_ARGUMENT', 'x'), refusalExchange(404, 'ATTACH_NOT_FOUND', 'x')]) {
        expect(malformedIdentifierRefused(ATTACH, answer, ATTACH)).toEqual([]);
      }
      expect(malformedIdentifierRefused(ATTACH, refusalExchange(500, '100', CODE_100_MESSAGE), ATTACH)).toMatchObject([{ received: 500 }]);
    }],
  ],
  'D-23': [
    ['the Russian tables give the wire messages, the English ones other words', () => {
      const expected: Record<string, string> = { ATTACH_NOT_FOUND: 'Attach not found', ATTACH_READ_ACCESS_DENIED: 'Attach read access denied' };
      for (const page of tables().pages) {
        for (const [code, message] of Object.entries(expected)) {
          const ru = page.ru.find((r) => r.code === code);
          const en = page.en.find((r) => r.code === code);
          if (!ru) continue;
          expect(ru.message, `${page.page} ${code}`).toBe(message);
          if (en) expect(en.description, `${page.page} ${code}`).not.toBe(message);
        }
      }
      expect(ruRow('vote.attachedvote.vote.md', '400')?.message).toBe('Cannot save poll.');
      expect(ruRow('vote.attachedvote.vote.md', '403')?.message).toBe('The poll is inactive.');
    }],
    ['the reference portal sends exactly the Russian messages for these codes', () => {
      expect(ERROR_CATALOGUE.attachNotFound.description).toBe(ruRow('vote.attachedvote.recall.md', 'ATTACH_NOT_FOUND')?.message);
      expect(ERROR_CATALOGUE.readAccessDenied.description).toBe(ruRow('vote.attachedvote.recall.md', 'ATTACH_READ_ACCESS_DENIED')?.message);
      expect(ERROR_CATALOGUE.invalidBallot.description).toBe(ruRow('vote.attachedvote.vote.md', '400')?.message);
      expect(ERROR_CATALOGUE.revoteDisabled).toMatchObject({ code: '400', description: ruRow('vote.attachedvote.vote.md', '400')?.message });
      expect(ERROR_CATALOGUE.pollInactive.description).toBe(ruRow('vote.attachedvote.vote.md', '403')?.message);
      expect(ERROR_CATALOGUE.missingIdentifier.description).toBe(ruRow('vote.attachedvote.recall.md', '100')?.message);
    }],
    ['no message is asserted: an English paraphrase on the wire passes', () => {
      expect(refusedWithErrorEnvelope('RCL-REF-02', refusalExchange(403, 'ATTACH_READ_ACCESS_DENIED', 'No permission to participate in the voting'), { code: 'ATTACH_READ_ACCESS_DENIED' })).toEqual([]);
    }],
  ],
  'D-24': [
    ['only the Russian set explains the *', () => {
      expect(Object.keys(loadDocsData('ru').pages)).toContain('_includes/required.md');
      expect(Object.keys(loadDocsData('en').pages)).not.toContain('_includes/required.md');
    }],
    ['each way to call recall requires its starred parameters', () => {
      expect(validateParams('vote.AttachedVote.recall', { attachId: 5 }).ok).toBe(true);
      expect(validateParams('vote.AttachedVote.recall', { signedAttachId: `5.${'a'.repeat(64)}` }).ok).toBe(true);
      expect(validateParams('vote.AttachedVote.recall', { moduleId: 'Im', entityType: 'Bitrix\\Vote\\Attachment\\ImMessageConnector', entityId: 3 }).ok).toBe(true);
      expect(validateParams('vote.AttachedVote.recall', {}).ok).toBe(false);
      expect(validateParams('vote.AttachedVote.recall', { moduleId: 'Im', entityType: 'Bitrix\\Vote\\Attachment\\ImMessageConnector' }).ok).toBe(false);
    }],
    ['the reference portal answers an incomplete triple with 100', () => {
      expect(portalAnswer({ moduleId: 'Im', entityId: 3 })).toMatchObject({ status: 400, code: '100' });
    }],
  ],
  'D-25': [
    ['the Russian system-error table has 429 OPERATION_TIME_LIMIT, and system-errors.json holds it', () => {
      expect(russianOnlySystemErrors()).toEqual([expect.objectContaining({ status: 429, code: 'OPERATION_TIME_LIMIT' })]);
      expect(systemErrors()).toContainEqual(expect.objectContaining({ status: 429, code: 'OPERATION_TIME_LIMIT' }));
    }],
  ],
};
