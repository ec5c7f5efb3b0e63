import { describe, expect, test } from 'vitest';
import type { Exchange } from '../client/types';
import type { Attach, VotedUser } from '../generated';
import {
  NotApplicable,
  answerMapChoices,
  counterValue,
  isEmptyAnswerMap,
  answersHttp200WithJson,
  attachCounterFallsByOne,
  bodyMatchesRecallSchema,
  changedVoteFullyWithdrawn,
  concurrentRecallsTakeOneOff,
  deletedPollStaysGone,
  malformedIdentifierRefused,
  noIdentifierRefusedWith100,
  recallWithdrawsLikeAnyOther,
  callerNoLongerVoted,
  callerNotListedAmongVoters,
  callerNotListedForAnswers,
  chosenAnswerCountersFallByOne,
  coVoterVoteUntouched,
  getAgreesWithRecall,
  judgedAs,
  multipleChoiceBallotFullyWithdrawn,
  otherAnswerCountersUnchanged,
  percentConsistentAfterRecall,
  percentConsistentWithCounters,
  pollUnchanged,
  questionCounterFallsByOne,
  recallSucceeds,
  recallWithNothingToWithdraw,
  refusedWithErrorEnvelope,
  returnsTheTargetedAttach,
  type Verdict,
} from './invariants';

// Hand-built snapshots. A poll with one question (ID 7) and answers 11, 12, 13.
// Before: participant and co-voter both chose 11, a third user chose 12.
// After a correct recall by the participant: 11 falls 2 -> 1, question 3 -> 2, attach 3 -> 2.

interface Counts { attach: number | string; question: number | string; answers: [number | string, number | string, number | string]; percents: [number, number, number] }

function attach(c: Counts, voted: { isVoted: boolean; canVote: boolean; map: unknown }): Attach {
  const ids = ['11', '12', '13'];
  return {
    ID: 5, VOTE_ID: 9, COUNTER: c.attach, ANONYMITY: 0, OPTIONS: 1,
    QUESTIONS: {
      '7': {
        ID: '7', VOTE_ID: '9', COUNTER: c.question, QUESTION: 'Lunch?', FIELD_TYPE: '0',
        ANSWERS: Object.fromEntries(ids.map((id, i) => [id, { ID: id, QUESTION_ID: '7', MESSAGE: `a${id}`, COUNTER: c.answers[i], FIELD_TYPE: '0', PERCENT: c.percents[i] }])),
      },
    },
    userAnswerMap: voted.map,
    canEdit: true, canVote: voted.canVote, canRevote: true, isVoted: voted.isVoted,
    signedAttachId: '5.abcdef0123', resultUrl: '/vote-result/x', downloadUrl: '/download?x', entityId: 300, isFinished: false,
  } as unknown as Attach;
}

const participantMap = { '7': { '11': { EVENT_ID: '1', EVENT_QUESTION_ID: '1', ANSWER_ID: '11', ID: '1', MESSAGE: '' } } };
const BEFORE = attach({ attach: 3, question: 3, answers: [2, 1, 0], percents: [67, 33, 0] }, { isVoted: true, canVote: false, map: participantMap });
const AFTER = attach({ attach: 2, question: 2, answers: [1, 1, 0], percents: [50, 50, 0] }, { isVoted: false, canVote: true, map: [] });
const BALLOT = { '7': ['11'] };

const time = { start: 1, finish: 2, duration: 1, processing: 0.5, date_start: '2025-08-06T09:29:07+02:00', date_finish: '2025-08-06T09:29:07+02:00' };

function exchange(status: number, json: unknown, contentType = 'application/json; charset=utf-8'): Exchange {
  return {
    seq: 1,
    request: { httpMethod: 'POST', url: 'http://127.0.0.1/rest/1/***/vote.AttachedVote.recall', method: 'vote.AttachedVote.recall', auth: 'webhook', encoding: 'json', params: { attachId: 5 } },
    response: { status, headers: { 'content-type': contentType }, bodyText: JSON.stringify(json), json },
    startedAt: '2026-01-01T00:00:00Z', durationMs: 3, attempts: 1,
  };
}

const ok = (a: Attach) => exchange(200, { result: { attach: a }, time });
const GOOD = ok(AFTER);
const NOT_FOUND = exchange(400, { error: 'ATTACH_NOT_FOUND', error_description: 'Attach not found' });

function clausesOf(v: Verdict): string[] {
  if (v instanceof NotApplicable) throw new Error(`unexpected NotApplicable: ${v.reason}`);
  return v.map((x) => x.clause);
}

function withCounts(base: Attach, patch: Partial<Counts>): Attach {
  const q = base.QUESTIONS['7']!;
  const answers = Object.values(q.ANSWERS);
  return attach({
    attach: patch.attach ?? base.COUNTER,
    question: patch.question ?? q.COUNTER,
    answers: patch.answers ?? [answers[0]!.COUNTER, answers[1]!.COUNTER, answers[2]!.COUNTER],
    percents: patch.percents ?? [Number(answers[0]!.PERCENT), Number(answers[1]!.PERCENT), Number(answers[2]!.PERCENT)],
  }, { isVoted: base.isVoted, canVote: base.canVote, map: base.userAnswerMap });
}

describe('response invariants', () => {
  test('recallSucceeds', () => {
    expect(recallSucceeds(GOOD)).toEqual([]);
    expect(clausesOf(recallSucceeds(NOT_FOUND))).toEqual(['RCL-CALL-01']);
    expect(clausesOf(recallSucceeds(exchange(200, { result: [] })))).toEqual(['RCL-CALL-01']);
  });

  test('answersHttp200WithJson', () => {
    expect(answersHttp200WithJson(GOOD)).toEqual([]);
    expect(answersHttp200WithJson(exchange(201, { result: { attach: AFTER }, time }))).toMatchObject([{ expected: 200, received: 201 }]);
    expect(answersHttp200WithJson(exchange(200, { result: { attach: AFTER }, time }, 'text/html'))).toMatchObject([{ received: 'text/html' }]);
    const noAnswer: Exchange = { ...GOOD, response: undefined, error: 'no answer within 100 ms' };
    expect(clausesOf(answersHttp200WithJson(noAnswer))).toEqual(['RCL-RESP-01']);
  });

  test('bodyMatchesRecallSchema', () => {
    expect(bodyMatchesRecallSchema(GOOD)).toEqual([]);
    const wrong = ok({ ...AFTER, isVoted: 'N' } as unknown as Attach);
    expect(bodyMatchesRecallSchema(wrong)).toMatchObject([{ clause: 'RCL-RESP-02', path: '/result/attach/isVoted' }]);
    expect(clausesOf(bodyMatchesRecallSchema(NOT_FOUND))).toEqual(['RCL-RESP-02']);
  });

  test('returnsTheTargetedAttach', () => {
    expect(returnsTheTargetedAttach(BEFORE, GOOD)).toEqual([]);
    expect(returnsTheTargetedAttach(BEFORE, ok({ ...AFTER, ID: 6 }))).toMatchObject([{ path: '/result/attach/ID', expected: 5, received: 6 }]);
    expect(returnsTheTargetedAttach(BEFORE, ok({ ...AFTER, signedAttachId: '6.ff' }))).toMatchObject([{ path: '/result/attach/signedAttachId' }]);
  });

  test('callerNoLongerVoted', () => {
    expect(callerNoLongerVoted(GOOD)).toEqual([]);
    expect(callerNoLongerVoted(ok({ ...AFTER, userAnswerMap: {} as never }))).toEqual([]);
    expect(callerNoLongerVoted(ok({ ...AFTER, isVoted: true }))).toMatchObject([{ path: '/result/attach/isVoted' }]);
    expect(callerNoLongerVoted(ok({ ...AFTER, canVote: false }))).toMatchObject([{ path: '/result/attach/canVote' }]);
    expect(callerNoLongerVoted(ok({ ...AFTER, userAnswerMap: participantMap as never }))).toMatchObject([{ path: '/result/attach/userAnswerMap' }]);
  });
});

describe('counter invariants', () => {
  test('attachCounterFallsByOne accepts integer and numeric-string counters', () => {
    expect(attachCounterFallsByOne(BEFORE, GOOD)).toEqual([]);
    expect(attachCounterFallsByOne(BEFORE, ok(withCounts(AFTER, { attach: '2' })))).toEqual([]);
    expect(attachCounterFallsByOne(BEFORE, ok(withCounts(AFTER, { attach: 3 })))).toMatchObject([{ expected: 2, received: 3 }]);
    expect(attachCounterFallsByOne(BEFORE, ok(withCounts(AFTER, { attach: 1 })))).toMatchObject([{ expected: 2, received: 1 }]);
    expect(clausesOf(attachCounterFallsByOne(BEFORE, NOT_FOUND))).toEqual(['RCL-COUNT-01']);
  });

  test('questionCounterFallsByOne', () => {
    expect(questionCounterFallsByOne(BEFORE, BALLOT, GOOD)).toEqual([]);
    expect(questionCounterFallsByOne(BEFORE, {}, GOOD)).toBeInstanceOf(NotApplicable);
    expect(questionCounterFallsByOne(BEFORE, BALLOT, ok(withCounts(AFTER, { question: 0 })))).toMatchObject([{ expected: 2, received: 0 }]);
  });

  test('chosenAnswerCountersFallByOne', () => {
    expect(chosenAnswerCountersFallByOne(BEFORE, BALLOT, GOOD)).toEqual([]);
    expect(chosenAnswerCountersFallByOne(BEFORE, { '7': [] }, GOOD)).toBeInstanceOf(NotApplicable);
    expect(chosenAnswerCountersFallByOne(BEFORE, BALLOT, ok(withCounts(AFTER, { answers: [0, 1, 0] })))).toMatchObject([{ expected: 1, received: 0 }]);
    expect(chosenAnswerCountersFallByOne(BEFORE, BALLOT, ok(withCounts(AFTER, { answers: [2, 1, 0] })))).toMatchObject([{ expected: 1, received: 2 }]);
  });

  test('otherAnswerCountersUnchanged', () => {
    expect(otherAnswerCountersUnchanged(BEFORE, BALLOT, GOOD)).toEqual([]);
    expect(otherAnswerCountersUnchanged(BEFORE, BALLOT, ok(withCounts(AFTER, { answers: [1, 0, 0] })))).toMatchObject([{ clause: 'RCL-COUNT-04', expected: 1, received: 0 }]);
    const all = { '7': ['11', '12', '13'] };
    expect(otherAnswerCountersUnchanged(BEFORE, all, GOOD)).toBeInstanceOf(NotApplicable);
  });

  test('percentConsistentWithCounters accepts either share, within rounding', () => {
    expect(percentConsistentAfterRecall(GOOD)).toEqual([]);
    // 1 of 2 voters = 50%; a stale 67 is wrong
    expect(percentConsistentAfterRecall(ok(withCounts(AFTER, { percents: [67, 50, 0] })))).toMatchObject([{ clause: 'RCL-COUNT-05', received: 67 }]);
    // nobody voted: every PERCENT is 0
    const empty = withCounts(AFTER, { attach: 0, question: 0, answers: [0, 0, 0], percents: [0, 0, 0] });
    expect(percentConsistentWithCounters(empty)).toEqual([]);
    expect(percentConsistentWithCounters(withCounts(empty, { percents: [100, 0, 0] }))).toHaveLength(1);
    // multiple choice: 2 voters, votes 2/1/1: 100/50/50 (of voters) or 50/25/25 (of votes) both pass
    const multi = withCounts(AFTER, { attach: 2, question: 2, answers: [2, 1, 1], percents: [100, 50, 50] });
    expect(percentConsistentWithCounters(multi)).toEqual([]);
    expect(percentConsistentWithCounters(withCounts(multi, { percents: [50, 25, 25] }))).toEqual([]);
    expect(percentConsistentWithCounters(withCounts(multi, { percents: [80, 10, 10] }))).toHaveLength(3);
    // PERCENT is in no table: a numeric string is read as a number, an absent one is not judged.
    expect(percentConsistentWithCounters(withCounts(multi, { percents: ['100', '50', '50'] as never }))).toEqual([]);
    const noPercent = structuredClone(multi);
    for (const answer of Object.values(noPercent.QUESTIONS['7']!.ANSWERS)) delete (answer as { PERCENT?: unknown }).PERCENT;
    expect(percentConsistentWithCounters(noPercent)).toBeInstanceOf(NotApplicable);
  });

  test('multipleChoiceBallotFullyWithdrawn', () => {
    const before = withCounts(BEFORE, { answers: [2, 1, 1] });
    const ballot = { '7': ['11', '13'] };
    expect(multipleChoiceBallotFullyWithdrawn(before, ballot, ok(withCounts(AFTER, { answers: [1, 1, 0] })))).toEqual([]);
    expect(multipleChoiceBallotFullyWithdrawn(before, ballot, ok(withCounts(AFTER, { answers: [1, 1, 1] })))).toMatchObject([{ clause: 'RCL-COUNT-06', received: 'still counted: 13' }]);
    expect(multipleChoiceBallotFullyWithdrawn(before, ballot, ok({ ...withCounts(AFTER, { answers: [1, 1, 0] }), userAnswerMap: { '7': { '13': { EVENT_ID: '1', EVENT_QUESTION_ID: '1', ANSWER_ID: '13', ID: '1', MESSAGE: '' } } } as never }))).toMatchObject([{ clause: 'RCL-COUNT-06', path: '/result/attach/userAnswerMap' }]);
    expect(multipleChoiceBallotFullyWithdrawn(BEFORE, BALLOT, GOOD)).toBeInstanceOf(NotApplicable);
  });
});

describe('state invariants', () => {
  test('getAgreesWithRecall', () => {
    expect(getAgreesWithRecall(GOOD, AFTER)).toEqual([]);
    expect(getAgreesWithRecall(GOOD, withCounts(AFTER, { attach: '2', question: '2', answers: ['1', '1', '0'] }))).toEqual([]);
    // the change did not persist: a later get still shows the vote
    const stale = getAgreesWithRecall(GOOD, BEFORE);
    expect(clausesOf(stale).every((c) => c === 'RCL-STATE-01')).toBe(true);
    expect(stale).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/result/attach/COUNTER', expected: 2, received: 3 }), expect.objectContaining({ path: '/result/attach/isVoted' })]));
  });

  test('coVoterVoteUntouched compares choices, not text', () => {
    const coMap = { '7': { '11': { EVENT_ID: '2', EVENT_QUESTION_ID: '2', ANSWER_ID: '11', ID: '2', MESSAGE: '' } } };
    const coBefore = attach({ attach: 3, question: 3, answers: [2, 1, 0], percents: [67, 33, 0] }, { isVoted: true, canVote: false, map: coMap });
    const coAfter = attach({ attach: 2, question: 2, answers: [1, 1, 0], percents: [50, 50, 0] }, { isVoted: true, canVote: false, map: coMap });
    expect(coVoterVoteUntouched(BALLOT, coBefore, coAfter)).toEqual([]);
    // The same choice written with numeric IDs and keys in another order is the same vote.
    const rewritten = { '7': { '11': { MESSAGE: '', ID: 2, ANSWER_ID: 11, EVENT_QUESTION_ID: 2, EVENT_ID: 2 } } };
    expect(coVoterVoteUntouched(BALLOT, coBefore, { ...coAfter, userAnswerMap: rewritten as never })).toEqual([]);
    const wiped = attach({ attach: 1, question: 1, answers: [0, 1, 0], percents: [0, 100, 0] }, { isVoted: false, canVote: true, map: [] });
    expect((coVoterVoteUntouched(BALLOT, coBefore, wiped) as { path?: string }[]).map((v) => v.path)).toEqual(['/result/attach/isVoted', '/result/attach/userAnswerMap', '/result/attach/QUESTIONS/7/ANSWERS/11/COUNTER']);
    const moved = { '7': { '12': { EVENT_ID: '2', EVENT_QUESTION_ID: '2', ANSWER_ID: '12', ID: '2', MESSAGE: '' } } };
    expect(coVoterVoteUntouched(BALLOT, coBefore, { ...coAfter, userAnswerMap: moved as never })).toMatchObject([{ path: '/result/attach/userAnswerMap' }]);
    expect(coVoterVoteUntouched({ '7': [] }, coBefore, wiped)).toBeInstanceOf(NotApplicable);
  });

  const user = (ID: number | string, NAME: string) => ({ ID, NAME, IMAGE: '', WORK_POSITION: '' }) as VotedUser;

  test('callerNotListedAmongVoters judges only a caller who was listed before', () => {
    const before = { '11': [user(2, 'Co'), user(1, 'Me')] };
    expect(callerNotListedAmongVoters(before, { '11': [user(2, 'Co')] }, 1)).toEqual([]);
    expect(callerNotListedAmongVoters(before, {}, 1)).toEqual([]);
    expect(callerNotListedAmongVoters(before, { '11': [user(2, 'Co'), user('1', 'Me')] }, 1)).toMatchObject([{ clause: 'RCL-STATE-03', path: '/result/voted/11' }]);
    // A portal whose lists never name anybody proves nothing either way.
    expect(callerNotListedAmongVoters({}, {}, 1)).toBeInstanceOf(NotApplicable);
    expect(callerNotListedAmongVoters({ '11': [user(2, 'Co')] }, { '11': [user(2, 'Co')] }, 1)).toBeInstanceOf(NotApplicable);
  });

  test('callerNotListedForAnswers judges only answers that listed the caller before', () => {
    expect(callerNotListedForAnswers({ '11': [user(1, 'Me')] }, { '11': [user(2, 'Co')] }, 1)).toEqual([]);
    expect(callerNotListedForAnswers({ '11': [user(1, 'Me')] }, { '11': [user('1', 'Me')] }, 1)).toMatchObject([{ clause: 'RCL-STATE-04' }]);
    expect(callerNotListedForAnswers({ '11': [] }, { '11': [] }, 1)).toBeInstanceOf(NotApplicable);
    expect(callerNotListedForAnswers({}, {}, 1)).toBeInstanceOf(NotApplicable);
  });
});

describe('refusal and repeat invariants', () => {
  test('refusedWithErrorEnvelope', () => {
    expect(refusedWithErrorEnvelope('RCL-REF-03', NOT_FOUND, { code: 'ATTACH_NOT_FOUND' })).toEqual([]);
    expect(refusedWithErrorEnvelope('RCL-REF-01', exchange(403, { error: 'SOMETHING_ELSE', error_description: 'x' }))).toEqual([]);
    expect(refusedWithErrorEnvelope('RCL-REF-03', exchange(404, { error: 'NOT_FOUND', error_description: 'x' }), { code: 'ATTACH_NOT_FOUND' })).toMatchObject([{ path: '/error', expected: 'ATTACH_NOT_FOUND' }]);
    const success = refusedWithErrorEnvelope('RCL-REF-01', GOOD) as { expected?: unknown; received?: unknown }[];
    expect(success[0]).toMatchObject({ expected: '4xx', received: 200 });
    expect(success.length).toBeGreaterThan(1);
    expect(refusedWithErrorEnvelope('RCL-REF-01', exchange(500, { error: 'INTERNAL_SERVER_ERROR', error_description: 'x' }))).toMatchObject([{ received: 500 }]);
    expect(refusedWithErrorEnvelope('RCL-REF-01', exchange(400, { error: 'X' }))).toMatchObject([{ path: '/error_description' }]);
    expect(refusedWithErrorEnvelope('RCL-REF-07', exchange(401, { error: 'NO_AUTH_FOUND', error_description: 'x' }), { status: 401, code: 'NO_AUTH_FOUND' })).toEqual([]);
    expect(refusedWithErrorEnvelope('RCL-REF-07', exchange(403, { error: 'NO_AUTH_FOUND', error_description: 'x' }), { status: 401, code: 'NO_AUTH_FOUND' })).toMatchObject([{ expected: 401, received: 403 }]);
    expect(refusedWithErrorEnvelope('RCL-REF-07', exchange(401, { error: 'invalid_token', error_description: 'x' }), { status: 401, code: 'NO_AUTH_FOUND' })).toMatchObject([{ expected: 'NO_AUTH_FOUND', received: 'invalid_token' }]);
  });

  test('pollUnchanged', () => {
    expect(pollUnchanged('RCL-REF-01', BEFORE, BEFORE)).toEqual([]);
    expect(pollUnchanged('RCL-REF-01', BEFORE, withCounts(BEFORE, { attach: '3', question: '3', answers: ['2', '1', '0'] }))).toEqual([]);
    const changed = pollUnchanged('RCL-REF-01', BEFORE, AFTER).map((v) => v.path);
    expect(changed).toEqual(expect.arrayContaining(['/result/attach/COUNTER', '/result/attach/isVoted', '/result/attach/userAnswerMap']));
    expect(pollUnchanged('RCL-REF-06', BEFORE, { ...BEFORE, canVote: true })).toMatchObject([{ path: '/result/attach/canVote' }]);
    expect(pollUnchanged('RCL-REF-06', BEFORE, { ...BEFORE, isFinished: true })).toMatchObject([{ path: '/result/attach/isFinished' }]);
    const reordered = { '7': { '11': { ID: 1, MESSAGE: '', ANSWER_ID: 11, EVENT_QUESTION_ID: '1', EVENT_ID: '1' } } };
    expect(pollUnchanged('RCL-REF-01', BEFORE, { ...BEFORE, userAnswerMap: reordered as never })).toEqual([]);
  });

  test('recallWithNothingToWithdraw accepts a 4xx or a 200 showing no vote, never a counter change', () => {
    expect(recallWithNothingToWithdraw('RCL-REPEAT-01', AFTER, GOOD, AFTER)).toEqual([]);
    expect(recallWithNothingToWithdraw('RCL-REPEAT-01', AFTER, NOT_FOUND, AFTER)).toEqual([]);
    const dropped = withCounts(AFTER, { attach: 1, question: 1, answers: [0, 1, 0] });
    expect(clausesOf(recallWithNothingToWithdraw('RCL-REPEAT-01', AFTER, ok(dropped), dropped)).length).toBeGreaterThan(0);
    expect(recallWithNothingToWithdraw('RCL-REPEAT-02', AFTER, NOT_FOUND, dropped)).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/result/attach/COUNTER', expected: 2, received: 1 })]));
    expect(clausesOf(recallWithNothingToWithdraw('RCL-REPEAT-02', AFTER, exchange(500, { error: 'INTERNAL_SERVER_ERROR', error_description: 'x' }), AFTER))).toEqual(['RCL-REPEAT-02']);
  });
});

test('judgedAs relabels violations and skips what does not apply', () => {
  const merged = judgedAs('RCL-CALL-02', recallSucceeds(NOT_FOUND), otherAnswerCountersUnchanged(BEFORE, { '7': ['11', '12', '13'] }, GOOD));
  expect(clausesOf(merged)).toEqual(['RCL-CALL-02']);
  expect(judgedAs('RCL-CALL-02', recallSucceeds(GOOD))).toEqual([]);
  expect(judgedAs('RCL-CALL-02', new NotApplicable('a'), new NotApplicable('b'))).toEqual(new NotApplicable('a; b'));
});

describe('reading values as the contract allows them', () => {
  test('counterValue reads integers and digit strings, and nothing else', () => {
    expect([counterValue(3), counterValue('3'), counterValue('0')]).toEqual([3, 3, 0]);
    for (const wrong of ['-1', 'abc', '', '1.5', null, undefined, true]) expect(counterValue(wrong)).toBeNaN();
  });

  test('answerMapChoices keeps the choices and drops the wrapping', () => {
    expect(answerMapChoices([])).toEqual([]);
    expect(answerMapChoices({})).toEqual([]);
    expect(answerMapChoices({ '7': { '12': {}, '11': {} }, '3': { '5': {} } })).toEqual(['3:5', '7:11', '7:12']);
    expect(isEmptyAnswerMap([])).toBe(true);
    expect(isEmptyAnswerMap({})).toBe(true);
    expect(isEmptyAnswerMap({ '7': {} })).toBe(false);
    expect(isEmptyAnswerMap(null)).toBe(false);
  });
});

describe('identifier, deleted-poll, life-cycle and race invariants', () => {
  const CODE_100 = exchange(400, { error: '100', error_description: 'Bitrix\\Vote\\Attach All parameters in the constructor must have real class type' });
  const ARGUMENT = exchange(400, { error: 'ERROR_ARGUMENT', error_description: 'Invalid parameters' });

  test('noIdentifierRefusedWith100 asserts the code the Russian pages tie to the case, any 4xx, and no change', () => {
    expect(noIdentifierRefusedWith100(BEFORE, CODE_100, BEFORE)).toEqual([]);
    expect(noIdentifierRefusedWith100(BEFORE, exchange(422, { error: '100', error_description: 'x' }), BEFORE)).toEqual([]);
    expect(noIdentifierRefusedWith100(BEFORE, ARGUMENT, BEFORE)).toMatchObject([{ clause: 'RCL-REF-09', path: '/error', expected: '100', received: 'ERROR_ARGUMENT' }]);
    expect(clausesOf(noIdentifierRefusedWith100(BEFORE, CODE_100, AFTER)).length).toBeGreaterThan(0);
    expect(noIdentifierRefusedWith100(BEFORE, GOOD, BEFORE)).toEqual(expect.arrayContaining([expect.objectContaining({ clause: 'RCL-REF-09', expected: '4xx', received: 200 })]));
  });

  test('malformedIdentifierRefused takes any 4xx envelope, whatever its code, and no change', () => {
    expect(malformedIdentifierRefused(BEFORE, ARGUMENT, BEFORE)).toEqual([]);
    expect(malformedIdentifierRefused(BEFORE, CODE_100, BEFORE)).toEqual([]);
    expect(malformedIdentifierRefused(BEFORE, NOT_FOUND, BEFORE)).toEqual([]);
    expect(clausesOf(malformedIdentifierRefused(BEFORE, GOOD, AFTER))).toContain('RCL-REF-10');
    expect(malformedIdentifierRefused(BEFORE, ARGUMENT, AFTER)).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/result/attach/COUNTER' })]));
  });

  test('deletedPollStaysGone wants both the recall and a later get refused', () => {
    expect(deletedPollStaysGone(NOT_FOUND, NOT_FOUND)).toEqual([]);
    expect(deletedPollStaysGone(GOOD, NOT_FOUND)).toEqual(expect.arrayContaining([expect.objectContaining({ clause: 'RCL-REF-11', received: 200 })]));
    expect(deletedPollStaysGone(NOT_FOUND, ok(BEFORE))).toMatchObject([{ clause: 'RCL-REF-11', message: 'a get after the recall finds the deleted poll again' }]);
    expect(deletedPollStaysGone(NOT_FOUND, exchange(500, { error: 'X', error_description: 'x' }))).toMatchObject([{ received: 500 }]);
  });

  test('recallWithdrawsLikeAnyOther: a success one ballot lighter, under the clause given', () => {
    expect(recallWithdrawsLikeAnyOther('RCL-LIFE-01', BEFORE, BALLOT, GOOD)).toEqual([]);
    expect(recallWithdrawsLikeAnyOther('RCL-LIFE-02', BEFORE, BALLOT, NOT_FOUND)).toMatchObject([{ clause: 'RCL-LIFE-02', expected: 'HTTP 200 with result.attach' }]);
    const kept = ok(withCounts(AFTER, { attach: 3, answers: [2, 1, 0] }));
    expect(clausesOf(recallWithdrawsLikeAnyOther('RCL-LIFE-01', BEFORE, BALLOT, kept))).toEqual(['RCL-LIFE-01', 'RCL-LIFE-01']);
    expect(clausesOf(recallWithdrawsLikeAnyOther('RCL-LIFE-02', BEFORE, BALLOT, ok(BEFORE))).length).toBeGreaterThan(3);
  });

  test('changedVoteFullyWithdrawn compares with the poll before the first vote', () => {
    const beforeFirst = withCounts(AFTER, {});
    expect(changedVoteFullyWithdrawn(beforeFirst, GOOD, AFTER)).toEqual([]);
    const cameBack = withCounts(AFTER, { attach: 3, question: 3, answers: [2, 1, 0] });
    expect(changedVoteFullyWithdrawn(beforeFirst, GOOD, { ...cameBack, isVoted: true, canVote: false, userAnswerMap: participantMap } as Attach)).toEqual(
      expect.arrayContaining([expect.objectContaining({ clause: 'RCL-LIFE-03', path: '/result/attach/COUNTER' }), expect.objectContaining({ path: '/result/attach/isVoted' })]),
    );
    expect(changedVoteFullyWithdrawn(beforeFirst, NOT_FOUND, AFTER)).toMatchObject([{ clause: 'RCL-LIFE-03' }]);
  });

  test('concurrentRecallsTakeOneOff accepts any mix of a success and a refusal, never two off', () => {
    expect(concurrentRecallsTakeOneOff(BEFORE, BALLOT, [GOOD, GOOD], AFTER)).toEqual([]);
    expect(concurrentRecallsTakeOneOff(BEFORE, BALLOT, [NOT_FOUND, GOOD], AFTER)).toEqual([]);
    const twiceOff = withCounts(AFTER, { attach: 1, question: 1, answers: [0, 1, 0] });
    expect(concurrentRecallsTakeOneOff(BEFORE, BALLOT, [GOOD, GOOD], twiceOff)).toEqual(
      expect.arrayContaining([expect.objectContaining({ clause: 'RCL-RACE-01', path: '/result/attach/COUNTER', expected: 2, received: 1 })]),
    );
    expect(concurrentRecallsTakeOneOff(BEFORE, BALLOT, [NOT_FOUND, NOT_FOUND], BEFORE)).toEqual(
      expect.arrayContaining([expect.objectContaining({ message: 'neither recall succeeded, though the caller had a vote to withdraw' })]),
    );
    expect(concurrentRecallsTakeOneOff(BEFORE, BALLOT, [GOOD], AFTER)).toBeInstanceOf(NotApplicable);
    expect(clausesOf(concurrentRecallsTakeOneOff(BEFORE, BALLOT, [GOOD, ok(BEFORE)], AFTER))).toContain('RCL-RACE-01');
  });
});
