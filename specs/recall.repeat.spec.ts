/**
 * Recalls with nothing to withdraw: a second recall, and a recall by a member who never voted.
 * The docs do not say whether these are errors, so a 4xx envelope and a 200 showing no vote are
 * both right; what is wrong is any change to the counters.
 */
import { afterAll, describe } from 'vitest';
import { attachOf, recallWithNothingToWithdraw } from '../src/contract/invariants';
import { observeGap, observeRefusal, observeSuccess, RECALL_PAGE } from '../src/contract/observations';
import { Api } from './support/api';
import { clauseCase, scenario, Skip } from './support/clause-test';
import { missingReason, suiteContext } from './support/context';
import { planStyle, sendable } from './support/style';
import { SetupError } from '../src/errors';

const ctx = await suiteContext();
const api = new Api(ctx);
const { participant } = ctx.target;
// Neither case is about the encoding: JSON when the transport speaks it, else one it does.
const SECOND = planStyle(ctx, 'attach', 'webhook', ['json']);
const NEVER_VOTED = planStyle(ctx, 'signed', 'webhook', ['json']);
/** Neither documentation set says whether a recall with nothing to withdraw is an error. */
const NOTHING_TO_WITHDRAW = { page: RECALL_PAGE, section: 'Recall your vote', proposal: 'Say whether a recall by a user who has no vote in the poll (never voted, or already recalled) is an error, and if so its HTTP status and error code.' };

afterAll(() => api.cleanup());

const poll = scenario('poll', async () => api.createPoll({ options: 1, fieldType: 0, answers: 3 }));

describe('a second recall', () => {
  clauseCase('RCL-REPEAT-01', SECOND, async () => {
    const style = sendable(SECOND);
    if (style instanceof Skip) return style;
    const p = await poll();
    if (p instanceof Skip) return p;
    await api.vote(participant, p, api.ballotOf(p, [2]));
    const first = await api.recall(participant, p, 'attach', style, undefined, 'setup');
    // The first recall is setup here: RCL-CALL-01 judges it; if it failed, this case cannot run.
    if (attachOf(first) === undefined || first.response?.status !== 200) {
      throw new SetupError(`the first recall, which this case needs, failed: ${first.response ? `HTTP ${first.response.status}` : first.error}`);
    }
    // "before" is read, not taken from the first recall's response: a recall that comes right
    // behind another (nothing in between) is the race clause's case, RCL-RACE-01.
    const before = await api.get(participant, p);
    const second = await api.recall(participant, p, 'attach', style);
    const after = await api.get(participant, p);
    return { verdict: recallWithNothingToWithdraw('RCL-REPEAT-01', before, second, after), exchange: second, observations: [...observeRefusal('second recall', second), ...observeSuccess(second), observeGap(NOTHING_TO_WITHDRAW, second, 'a second recall')] };
  });
});

describe('a member who never voted', () => {
  clauseCase('RCL-REPEAT-02', NEVER_VOTED, async () => {
    const style = sendable(NEVER_VOTED);
    if (style instanceof Skip) return style;
    const missing = missingReason(ctx.target, 'covoter');
    if (missing) return new Skip(missing);
    const covoter = ctx.target.covoter!;
    const p = await poll();
    if (p instanceof Skip) return p;
    // Somebody else's vote is on the poll, so a wrongly applied recall has something to remove.
    // The verdict compares counters only, which are the same in anybody's view: the vote response's attach is "before".
    const before = await api.vote(participant, p, api.ballotOf(p, [0]));
    const exchange = await api.recall(covoter, p, 'signed', style);
    const after = await api.get(covoter, p);
    return { verdict: recallWithNothingToWithdraw('RCL-REPEAT-02', before, exchange, after), exchange, observations: [...observeRefusal('non-voter recall', exchange), ...observeSuccess(exchange), observeGap(NOTHING_TO_WITHDRAW, exchange, 'a member who never voted')] };
  });
});
