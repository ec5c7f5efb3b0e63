/**
 * A successful recall, in every cell of identifier mode x auth style, each in an encoding the
 * transport speaks: the response itself, the counters, persistence, and other users. One poll
 * carries one vote/recall cycle per cell; every cycle takes its own "before" view of the attach
 * (the voter lists before a recall are read once, see listedBefore), so a wrong recall in one
 * cell cannot pass or fail another.
 *
 * The participant's "before" view is the attach that the documented vote.AttachedVote.vote
 * response returns (vote.attachedvote.vote.md, `result.attach`: the poll as it stands after the
 * vote), not a separate get: the same view, one request fewer per cycle. The voter lists before
 * a recall are read once, in the first cycle (see listedBefore). The "after" views stay reads,
 * in every cycle, by the methods the clauses name (get, getWithVoted, getAnswerVoted).
 */
import { afterAll, describe } from 'vitest';
import { CALL_CELLS, identify } from '../src/client/call-styles';
import type { Exchange } from '../src/client/types';
import type { Attach, VotedUser } from '../src/generated';
import {
  answersHttp200WithJson, attachCounterFallsByOne, bodyMatchesRecallSchema, callerNoLongerVoted,
  callerNotListedAmongVoters, callerNotListedForAnswers, chosenAnswerCountersFallByOne, coVoterVoteUntouched,
  getAgreesWithRecall, otherAnswerCountersUnchanged, percentConsistentAfterRecall, questionCounterFallsByOne,
  judgedAs, recallSucceeds, returnsTheTargetedAttach, type Ballot, type VotedLists,
} from '../src/contract/invariants';
import { observeSuccess } from '../src/contract/observations';
import { Api, userIdOf, type Poll } from './support/api';
import { clauseCase, scenario, Skip } from './support/clause-test';
import { missingReason, suiteContext } from './support/context';
import { planCell, planStyle, sendable, type PlannedStyle } from './support/style';

const ctx = await suiteContext();
const api = new Api(ctx);
const { participant, covoter } = ctx.target;

afterAll(() => api.cleanup());

interface SharedPoll {
  poll: Poll;
  coBallot?: Ballot;
  coBefore?: Attach;
}

const sharedPoll = scenario<SharedPoll>('shared poll', async () => {
  const poll = await api.createPoll({ options: 1, fieldType: 0, answers: 3 });
  if (!covoter) return { poll };
  const coBallot = api.ballotOf(poll, [0]);
  // The co-voter's view from the documented vote response (the same attach a get returns, in the co-voter's eyes).
  const coBefore = await api.vote(covoter, poll, coBallot);
  return { poll, coBallot, coBefore };
});

interface Cycle extends SharedPoll {
  ballot: Ballot;
  before: Attach;
  recall: Exchange;
  after: Attach;
  coAfter?: Attach;
  votedBefore: VotedLists;
  votedAfter: VotedLists;
  answerVotedBefore: Record<string, VotedUser[]>;
  answerVotedAfter: Record<string, VotedUser[]>;
  callerId: number;
}

/**
 * The voter lists with the participant's vote on the poll, read in the first cycle only: every
 * cycle's vote is the same setup call (same ballot, same setup style), so the lists it leaves
 * are the same; only the recall after it differs from cell to cell. They show that the portal
 * lists this caller at all, which makes "no longer listed" mean something (RCL-STATE-03/04).
 */
let listedBefore: Promise<{ votedBefore: VotedLists; answerVotedBefore: Record<string, VotedUser[]> }> | undefined;

async function readListsBefore(poll: Poll, chosen: string[]) {
  const votedBefore = await api.getWithVoted(participant, poll);
  const answerVotedBefore = await api.answerVotedFor(participant, poll, chosen);
  return { votedBefore, answerVotedBefore };
}

function cycleFor(planned: PlannedStyle) {
  return scenario<Cycle>(`cycle [${planned.name}]`, async () => {
    const style = sendable(planned);
    if (style instanceof Skip) return style;
    const shared = await sharedPoll();
    if (shared instanceof Skip) return shared;
    const { poll } = shared;
    // The participant chooses the same answer as the co-voter, so its counter must fall 2 -> 1, not to 0.
    const ballot = api.ballotOf(poll, [0]);
    const before = await api.vote(participant, poll, ballot);
    const chosen = ballot[poll.questionId] ?? [];
    const { votedBefore, answerVotedBefore } = await (listedBefore ??= readListsBefore(poll, chosen));
    const recall = await api.recall(participant, poll, planned.mode, style);
    const after = await api.get(participant, poll);
    const coAfter = covoter ? await api.get(covoter, poll) : undefined;
    const votedAfter = await api.getWithVoted(participant, poll);
    const answerVotedAfter = await api.answerVotedFor(participant, poll, chosen);
    return { ...shared, ballot, before, recall, after, coAfter, votedBefore, votedAfter, answerVotedBefore, answerVotedAfter, callerId: userIdOf(participant) };
  });
}

const cells = CALL_CELLS.map((cell) => planCell(ctx, cell));
const cycles = new Map(cells.map((planned) => [planned.name, cycleFor(planned)]));

describe.for(cells.map((s) => [s.name, s] as const))('%s', ([, planned]) => {
  const cycle = cycles.get(planned.name)!;
  const check = (id: Parameters<typeof clauseCase>[0], judge: (c: Cycle) => ReturnType<typeof recallSucceeds>, needs?: 'covoter') =>
    clauseCase(id, planned, async () => {
      const c = await cycle();
      if (c instanceof Skip) return c;
      const missing = needs ? missingReason(ctx.target, needs) : undefined;
      if (missing) return new Skip(missing);
      return { verdict: judge(c), exchange: c.recall, observations: observeSuccess(c.recall) };
    });

  check('RCL-CALL-01', (c) => recallSucceeds(c.recall));
  check('RCL-RESP-01', (c) => answersHttp200WithJson(c.recall));
  check('RCL-RESP-02', (c) => bodyMatchesRecallSchema(c.recall));
  check('RCL-RESP-03', (c) => returnsTheTargetedAttach(c.before, c.recall));
  check('RCL-RESP-04', (c) => callerNoLongerVoted(c.recall));
  check('RCL-COUNT-01', (c) => attachCounterFallsByOne(c.before, c.recall));
  check('RCL-COUNT-02', (c) => questionCounterFallsByOne(c.before, c.ballot, c.recall));
  check('RCL-COUNT-03', (c) => chosenAnswerCountersFallByOne(c.before, c.ballot, c.recall));
  check('RCL-COUNT-04', (c) => otherAnswerCountersUnchanged(c.before, c.ballot, c.recall));
  check('RCL-COUNT-05', (c) => percentConsistentAfterRecall(c.recall));
  check('RCL-STATE-01', (c) => getAgreesWithRecall(c.recall, c.after));
  check('RCL-STATE-02', (c) => coVoterVoteUntouched(c.coBallot ?? {}, c.coBefore!, c.coAfter!), 'covoter');
  check('RCL-STATE-03', (c) => callerNotListedAmongVoters(c.votedBefore, c.votedAfter, c.callerId));
  check('RCL-STATE-04', (c) => callerNotListedForAnswers(c.answerVotedBefore, c.answerVotedAfter, c.callerId));
});

describe('attachId as a number and as a numeric string', () => {
  // The attach mode with the participant's webhook, in JSON when the transport speaks it: a JSON
  // body is where a number and a numeric string differ on the wire.
  const planned = planStyle(ctx, 'attach', 'webhook', ['json']);
  // The attach/webhook cell sends attachId as a JSON number already when it runs in this same
  // style: the number case judges that cycle's recall instead of sending one more.
  const sameCell = cells.find((c) => c.name === planned.name && !c.skip);
  describe.for([
    [`${planned.name} number`, 5] as const,
    [`${planned.name} string`, '5'] as const,
  ])('%s', ([name, sample]) => {
    clauseCase('RCL-CALL-02', { name, encoding: planned.encoding }, async () => {
      const style = sendable(planned);
      if (style instanceof Skip) return style;
      const shared = await sharedPoll();
      if (shared instanceof Skip) return shared;
      const { poll } = shared;
      const reused = typeof sample === 'number' && sameCell && typeof identify(poll, 'attach').attachId === 'number' ? await cycles.get(sameCell.name)!() : undefined;
      if (reused && !(reused instanceof Skip)) {
        const verdict = judgedAs('RCL-CALL-02', recallSucceeds(reused.recall), attachCounterFallsByOne(reused.before, reused.recall), getAgreesWithRecall(reused.recall, reused.after));
        return { verdict, exchange: reused.recall };
      }
      const before = await api.vote(participant, poll, api.ballotOf(poll, [1]));
      const attachId = typeof sample === 'number' ? poll.attachId : String(poll.attachId);
      const recall = await api.recall(participant, poll, 'attach', style, { attachId });
      const after = await api.get(participant, poll);
      // Accepted means: a success that withdrew exactly this vote.
      const verdict = judgedAs('RCL-CALL-02', recallSucceeds(recall), attachCounterFallsByOne(before, recall), getAgreesWithRecall(recall, after));
      return { verdict, exchange: recall };
    });
  });
});
