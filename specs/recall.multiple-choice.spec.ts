/**
 * A multiple-choice ballot is withdrawn whole. The co-voter's ballot overlaps the participant's
 * in one answer and not in another, so "fell by one", "untouched" and "not zeroed" all show.
 */
import { afterAll, describe } from 'vitest';
import { CALL_CELLS } from '../src/client/call-styles';
import {
  chosenAnswerCountersFallByOne, multipleChoiceBallotFullyWithdrawn, otherAnswerCountersUnchanged,
  percentConsistentAfterRecall, questionCounterFallsByOne, type Verdict,
} from '../src/contract/invariants';
import type { ClauseId } from '../src/contract/clauses';
import type { Attach } from '../src/generated';
import type { Exchange } from '../src/client/types';
import { observeSuccess } from '../src/contract/observations';
import { Api } from './support/api';
import { clauseCase, scenario, Skip } from './support/clause-test';
import { suiteContext } from './support/context';
import { planCell, sendable } from './support/style';

const ctx = await suiteContext();
const api = new Api(ctx);
const { participant, covoter } = ctx.target;

afterAll(() => api.cleanup());

const poll = scenario('poll', async () => {
  const p = await api.createPoll({ options: 1, fieldType: 1, answers: 4 });
  if (covoter) await api.vote(covoter, p, api.ballotOf(p, [0, 1]));
  return p;
});

describe.for(CALL_CELLS.map((cell) => planCell(ctx, cell)).map((s) => [`multiple choice ${s.name}`, s] as const))('%s', ([, planned]) => {
  const cycle = scenario(`cycle [${planned.name}]`, async () => {
    const style = sendable(planned);
    if (style instanceof Skip) return style;
    const p = await poll();
    if (p instanceof Skip) return p;
    const ballot = api.ballotOf(p, [0, 2]);
    // "before" is the attach the documented vote response returns (vote.attachedvote.vote.md): no extra get.
    const before = await api.vote(participant, p, ballot);
    const recall = await api.recall(participant, p, planned.mode, style);
    return { ballot, before, recall };
  });
  const check = (id: ClauseId, judge: (c: { ballot: Record<string, string[]>; before: Attach; recall: Exchange }) => Verdict) =>
    clauseCase(id, planned, async () => {
      const c = await cycle();
      if (c instanceof Skip) return c;
      return { verdict: judge(c), exchange: c.recall, observations: observeSuccess(c.recall) };
    });
  check('RCL-COUNT-06', (c) => multipleChoiceBallotFullyWithdrawn(c.before, c.ballot, c.recall));
  check('RCL-COUNT-02', (c) => questionCounterFallsByOne(c.before, c.ballot, c.recall));
  check('RCL-COUNT-03', (c) => chosenAnswerCountersFallByOne(c.before, c.ballot, c.recall));
  check('RCL-COUNT-04', (c) => otherAnswerCountersUnchanged(c.before, c.ballot, c.recall));
  check('RCL-COUNT-05', (c) => percentConsistentAfterRecall(c.recall));
});
