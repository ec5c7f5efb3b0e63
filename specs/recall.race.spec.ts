/**
 * Requests at the same moment: two identical recalls sent together. Which of them withdraws the
 * vote, and what the other answers, is the portal's business; that the vote is withdrawn once,
 * and only once, is not.
 */
import { afterAll, describe } from 'vitest';
import { CALL_CELLS } from '../src/client/call-styles';
import { concurrentRecallsTakeOneOff } from '../src/contract/invariants';
import { observeGap, observeRefusal, RECALL_PAGE } from '../src/contract/observations';
import { Api } from './support/api';
import { clauseCase, scenario, Skip } from './support/clause-test';
import { suiteContext } from './support/context';
import { planCell, sendable } from './support/style';

const ctx = await suiteContext();
const api = new Api(ctx);
const { participant, covoter } = ctx.target;

afterAll(() => api.cleanup());

const poll = scenario('poll', async () => {
  const p = await api.createPoll({ options: 1, fieldType: 0, answers: 3 });
  // Another member's vote stays on the poll, so a recall applied twice has something to take.
  if (covoter) await api.vote(covoter, p, api.ballotOf(p, [1]));
  return p;
});

describe('two identical recalls at the same moment', () => {
  describe.for(CALL_CELLS.map((cell) => planCell(ctx, cell)).map((s) => [s.name, s] as const))('%s', ([, planned]) => {
    clauseCase('RCL-RACE-01', planned, async () => {
      const style = sendable(planned);
      if (style instanceof Skip) return style;
      const p = await poll();
      if (p instanceof Skip) return p;
      const ballot = api.ballotOf(p, [1]);
      // "before" is the attach the documented vote response returns (vote.attachedvote.vote.md): no extra get.
      const before = await api.vote(participant, p, ballot);
      const answers = await Promise.all([api.recall(participant, p, planned.mode, style), api.recall(participant, p, planned.mode, style)]);
      const after = await api.get(participant, p);
      const gap = { page: RECALL_PAGE, section: 'Recall your vote', proposal: 'Say what a recall answers when another recall of the same vote is under way, or has just withdrawn it.' };
      return {
        verdict: concurrentRecallsTakeOneOff(before, ballot, answers, after),
        exchange: answers[1],
        observations: answers.flatMap((exchange, index) => [...observeRefusal(`recall ${index + 1} of two at once`, exchange), observeGap(gap, exchange)]),
      };
    });
  });
});
