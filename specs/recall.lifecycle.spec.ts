/**
 * The life of a poll around a recall: a poll stopped and then resumed, an anonymous poll, a vote
 * changed before it is withdrawn, and a poll whose chat message was deleted. Each is a recall
 * like any other, or, for the deleted poll, a refusal that brings nothing back.
 */
import { afterAll, describe } from 'vitest';
import { CALL_CELLS, identify, type IdMode } from '../src/client/call-styles';
import { changedVoteFullyWithdrawn, deletedPollStaysGone, recallWithdrawsLikeAnyOther } from '../src/contract/invariants';
import { observeGap, observeListedCode, observeRefusal, observeSuccess, RECALL_PAGE } from '../src/contract/observations';
import { Api, type Poll, type Style } from './support/api';
import { SetupError } from '../src/errors';
import { clauseCase, scenario, Skip } from './support/clause-test';
import { suiteContext } from './support/context';
import { planCell, planStyle, sendable } from './support/style';

const ctx = await suiteContext();
const api = new Api(ctx);
const { participant } = ctx.target;

afterAll(() => api.cleanup());

/** A setup call that must succeed, over the default style. */
async function must(method: string, params: Record<string, unknown>): Promise<void> {
  const exchange = await api.call(participant, method, params);
  if (exchange.response?.status !== 200) {
    throw new SetupError(`setup call ${method} failed: ${exchange.response ? `HTTP ${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}` : exchange.error}`);
  }
}

/**
 * One case per call style: the participant votes for answer `answer`, then recalls; judged as
 * a recall like any other under `clause`.
 */
function recallLikeAnyOther(clause: 'RCL-LIFE-01' | 'RCL-LIFE-02', poll: () => Promise<Poll | Skip>, answer: number): void {
  describe.for(CALL_CELLS.map((cell) => planCell(ctx, cell)).map((s) => [s.name, s] as const))('%s', ([, planned]) => {
    clauseCase(clause, planned, async () => {
      const style = sendable(planned);
      if (style instanceof Skip) return style;
      const p = await poll();
      if (p instanceof Skip) return p;
      const ballot = api.ballotOf(p, [answer]);
      // "before" is the attach the documented vote response returns (vote.attachedvote.vote.md): no extra get.
      const before = await api.vote(participant, p, ballot);
      const exchange = await api.recall(participant, p, planned.mode, style);
      return { verdict: recallWithdrawsLikeAnyOther(clause, before, ballot, exchange), exchange, observations: observeSuccess(exchange) };
    });
  });
}

/** Stopped, then resumed; once RCL-LIFE-01 is done with it, its message is deleted for RCL-REF-11. */
const resumedPoll = scenario('after stop and resume: poll', async () => {
  const p = await api.createPoll({ options: 1, fieldType: 0, answers: 3 });
  await api.stop(p);
  await must('vote.AttachedVote.resume', { attachId: p.attachId });
  return p;
});

describe('after stop and resume', () => {
  recallLikeAnyOther('RCL-LIFE-01', resumedPoll, 1);
});

describe('an anonymous poll', () => {
  recallLikeAnyOther('RCL-LIFE-02', scenario('an anonymous poll: poll', async () => api.createPoll({ options: 1, fieldType: 0, answers: 3, anonymity: 1 })), 2);
});

describe('a changed vote', () => {
  const poll = scenario('a changed vote: poll', async () => api.createPoll({ options: 1, fieldType: 0, answers: 3 }));
  // One webhook cell per identifier mode: the clause is about the ballot, not the call style.
  const styles = (['attach', 'entity', 'signed'] as const).map((mode) => planStyle(ctx, mode, 'webhook', ['json']));
  describe.for(styles.map((s) => [s.name, s] as const))('%s', ([, planned]) => {
    clauseCase('RCL-LIFE-03', planned, async () => {
      const style = sendable(planned);
      if (style instanceof Skip) return style;
      const p = await poll();
      if (p instanceof Skip) return p;
      const beforeFirstVote = await api.get(participant, p);
      await api.vote(participant, p, api.ballotOf(p, [0]));
      await api.vote(participant, p, api.ballotOf(p, [1]));
      const exchange = await api.recall(participant, p, planned.mode, style);
      const later = await api.get(participant, p);
      return { verdict: changedVoteFullyWithdrawn(beforeFirstVote, exchange, later), exchange, observations: observeSuccess(exchange) };
    });
  });
});

describe('a poll whose chat message was deleted', () => {
  // The resumed poll, after RCL-LIFE-01's cases (the file's cases run in order): the deletion is
  // this case's setup and that poll's cleanup in one request. If it fails, the file's cleanup
  // tries again, and the run's ledger sweep after it. The later get is what shows the deletion
  // held: a refusal alone could also come from the poll's stop history.
  const poll = scenario('a poll whose chat message was deleted: poll', async () => {
    const p = await resumedPoll();
    if (p instanceof Skip) return p;
    await api.vote(participant, p, api.ballotOf(p, [0]));
    await api.deleteForGood(p);
    return p;
  });
  const cases: [IdMode, Style['encoding']][] = [
    ['attach', 'json'],
    ['entity', 'multipart'],
    ['signed', 'query'],
  ];
  describe.for(cases.map(([mode, encoding]) => [`${mode}/webhook/${encoding}`, { mode, encoding }] as const))('%s', ([, { mode, encoding }]) => {
    // The encoding is not what the case is about: one the transport cannot send gives way to one it can.
    const planned = planStyle(ctx, mode, 'webhook', [encoding]);
    clauseCase('RCL-REF-11', planned, async () => {
      const style = sendable(planned);
      if (style instanceof Skip) return style;
      const p: Poll | Skip = await poll();
      if (p instanceof Skip) return p;
      const exchange = await api.recall(participant, p, mode, style);
      const laterGet = await api.call(participant, 'vote.AttachedVote.get', identify(p, mode));
      return {
        verdict: deletedPollStaysGone(exchange, laterGet),
        exchange,
        observations: [
          ...observeRefusal(`recall on a deleted poll (${mode})`, exchange),
          ...observeListedCode(`recall on a deleted poll (${mode})`, exchange),
          observeGap({ page: RECALL_PAGE, section: 'Possible error codes', proposal: 'State the HTTP status and the error code of a recall on a poll whose chat message was deleted with im.message.delete.' }, exchange),
        ],
      };
    });
  });
});
