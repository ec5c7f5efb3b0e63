/**
 * Invariants of a recall, as small pure functions named by the rule they check.
 * Each takes hand-holdable data (attach snapshots and exchange records) and returns the
 * violations it found; "does not apply" is a NotApplicable with a reason, never an empty pass.
 */
import type { Exchange } from '../client/types';
import type { Attach, VotedUser } from '../generated';
import type { ClauseId } from './clauses';
import { validateErrorEnvelope, validateResponse } from './validate';

export interface Violation {
  clause: ClauseId;
  /** What is wrong, in a sentence. */
  message: string;
  expected?: unknown;
  received?: unknown;
  /** JSON path of the offending value, when there is one. */
  path?: string;
}

export class NotApplicable {
  constructor(readonly reason: string) {}
}

export type Verdict = Violation[] | NotApplicable;

/** A participant's choices: question ID -> answer IDs. */
export type Ballot = Record<string, string[]>;

/** Voter lists of vote.AttachedVote.getWithVoted's `voted`: answer ID -> users. */
export type VotedLists = Record<string, VotedUser[]>;

// ---------------------------------------------------------------------------------------------
// Reading values the way the contract allows them on the wire.

/** A counter as a number: the docs show both integers and numeric strings. */
export function counterValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return Number.NaN;
}

/**
 * The choices a userAnswerMap records, as sorted `question:answer` pairs: the comparable part of
 * the map. Key order, and IDs written as numbers or as digit strings, do not matter.
 */
export function answerMapChoices(map: unknown): string[] {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return [];
  const out: string[] = [];
  for (const [questionId, answers] of Object.entries(map as Record<string, unknown>)) {
    if (answers && typeof answers === 'object') for (const answerId of Object.keys(answers)) out.push(`${questionId}:${answerId}`);
  }
  return out.sort();
}

function sameChoices(a: unknown, b: unknown): boolean {
  return answerMapChoices(a).join(',') === answerMapChoices(b).join(',');
}

function ballotIsEmpty(ballot: Ballot): boolean {
  return Object.values(ballot).every((answers) => answers.length === 0);
}

export function isEmptyAnswerMap(map: unknown): boolean {
  if (Array.isArray(map)) return map.length === 0;
  return typeof map === 'object' && map !== null && Object.keys(map).length === 0;
}

/** The attach inside a recall/vote/get success body, or undefined when there is none. */
export function attachOf(exchange: Exchange): Attach | undefined {
  const body = exchange.response?.json as { result?: { attach?: Attach } } | undefined;
  const attach = body?.result?.attach;
  return attach && typeof attach === 'object' ? attach : undefined;
}

function questions(attach: Attach): [string, Attach['QUESTIONS'][string]][] {
  return Object.entries(attach.QUESTIONS ?? {});
}

function answerCounter(attach: Attach, questionId: string, answerId: string): number {
  return counterValue(attach.QUESTIONS?.[questionId]?.ANSWERS?.[answerId]?.COUNTER);
}

function describeStatus(exchange: Exchange): string {
  if (!exchange.response) return `no answer (${exchange.error ?? 'unknown transport error'})`;
  const body = exchange.response.json as { error?: unknown } | undefined;
  const code = body && typeof body === 'object' && 'error' in body ? ` ${String(body.error)}` : '';
  return `HTTP ${exchange.response.status}${code}`;
}

/** Every check on a success body needs one; without it the exchange itself is the violation. */
function requireAttach(clause: ClauseId, exchange: Exchange): Attach | Violation {
  const attach = attachOf(exchange);
  if (attach) return attach;
  return { clause, message: 'the recall did not return result.attach', expected: 'HTTP 200 with result.attach', received: describeStatus(exchange) };
}

function isViolation(x: Attach | Violation): x is Violation {
  return 'clause' in x && 'message' in x;
}

// ---------------------------------------------------------------------------------------------
// The response itself

/** RCL-CALL-01: the call style is accepted; the answer is a success carrying result.attach. */
export function recallSucceeds(exchange: Exchange): Verdict {
  const status = exchange.response?.status;
  if (status === 200 && attachOf(exchange)) return [];
  return [{ clause: 'RCL-CALL-01', message: 'the recall was not answered with a success', expected: 'HTTP 200 with result.attach', received: describeStatus(exchange) }];
}

/** RCL-RESP-01: HTTP 200 and a JSON content type. */
export function answersHttp200WithJson(exchange: Exchange): Verdict {
  const out: Violation[] = [];
  const response = exchange.response;
  if (!response) return [{ clause: 'RCL-RESP-01', message: 'no HTTP answer', expected: 'HTTP 200', received: exchange.error }];
  if (response.status !== 200) out.push({ clause: 'RCL-RESP-01', message: 'wrong HTTP status', expected: 200, received: response.status });
  const type = response.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) out.push({ clause: 'RCL-RESP-01', message: 'the content type is not JSON', expected: 'application/json', received: type || '(none)' });
  return out;
}

/** RCL-RESP-02: the body validates against the recall success schema. */
export function bodyMatchesRecallSchema(exchange: Exchange): Verdict {
  const response = exchange.response;
  if (!response || response.json === undefined) {
    return [{ clause: 'RCL-RESP-02', message: 'the body is not JSON', expected: 'a JSON body', received: response ? response.bodyText.slice(0, 200) : exchange.error }];
  }
  const result = validateResponse(exchange.request.method, response.json);
  if (result.kind !== 'success') {
    return [{ clause: 'RCL-RESP-02', message: 'the body is an error envelope, not a success', expected: 'result + time', received: (response.json as { error?: unknown }).error }];
  }
  return result.errors.map((e) => ({ clause: 'RCL-RESP-02' as const, message: e.message, expected: e.expected, received: e.received, path: e.path }));
}

/** RCL-RESP-03: the attach returned is the one that was targeted. */
export function returnsTheTargetedAttach(before: Attach, exchange: Exchange): Verdict {
  const after = requireAttach('RCL-RESP-03', exchange);
  if (isViolation(after)) return [after];
  const out: Violation[] = [];
  for (const field of ['ID', 'VOTE_ID', 'entityId', 'signedAttachId'] as const) {
    if (String(after[field]) !== String(before[field])) {
      out.push({ clause: 'RCL-RESP-03', message: `${field} changed`, expected: before[field], received: after[field], path: `/result/attach/${field}` });
    }
  }
  return out;
}

/** RCL-RESP-04 (and the persistence half of RCL-STATE-01): the caller is shown as not having voted. */
export function callerShownAsNotVoted(attach: Attach, clause: ClauseId = 'RCL-RESP-04', where = '/result/attach'): Violation[] {
  const out: Violation[] = [];
  if (attach.isVoted !== false) out.push({ clause, message: 'isVoted is not false', expected: false, received: attach.isVoted, path: `${where}/isVoted` });
  if (attach.canVote !== true) out.push({ clause, message: 'canVote is not true', expected: true, received: attach.canVote, path: `${where}/canVote` });
  if (!isEmptyAnswerMap(attach.userAnswerMap)) out.push({ clause, message: 'userAnswerMap is not empty', expected: [], received: attach.userAnswerMap, path: `${where}/userAnswerMap` });
  return out;
}

export function callerNoLongerVoted(exchange: Exchange): Verdict {
  const attach = requireAttach('RCL-RESP-04', exchange);
  return isViolation(attach) ? [attach] : callerShownAsNotVoted(attach);
}

// ---------------------------------------------------------------------------------------------
// Counters

/** RCL-COUNT-01 */
export function attachCounterFallsByOne(before: Attach, exchange: Exchange): Verdict {
  const after = requireAttach('RCL-COUNT-01', exchange);
  if (isViolation(after)) return [after];
  const expected = counterValue(before.COUNTER) - 1;
  const received = counterValue(after.COUNTER);
  return received === expected ? [] : [{ clause: 'RCL-COUNT-01', message: 'attach COUNTER did not fall by one', expected, received: after.COUNTER, path: '/result/attach/COUNTER' }];
}

/** RCL-COUNT-02: every question the ballot answered loses one voter. */
export function questionCounterFallsByOne(before: Attach, ballot: Ballot, exchange: Exchange): Verdict {
  if (ballotIsEmpty(ballot)) return new NotApplicable('the caller chose no answer');
  const after = requireAttach('RCL-COUNT-02', exchange);
  if (isViolation(after)) return [after];
  const out: Violation[] = [];
  for (const questionId of Object.keys(ballot)) {
    const expected = counterValue(before.QUESTIONS?.[questionId]?.COUNTER) - 1;
    const received = after.QUESTIONS?.[questionId]?.COUNTER;
    if (counterValue(received) !== expected) {
      out.push({ clause: 'RCL-COUNT-02', message: `question ${questionId} COUNTER did not fall by one`, expected, received, path: `/result/attach/QUESTIONS/${questionId}/COUNTER` });
    }
  }
  return out;
}

/** RCL-COUNT-03 */
export function chosenAnswerCountersFallByOne(before: Attach, ballot: Ballot, exchange: Exchange): Verdict {
  if (ballotIsEmpty(ballot)) return new NotApplicable('the caller chose no answer');
  const after = requireAttach('RCL-COUNT-03', exchange);
  if (isViolation(after)) return [after];
  const out: Violation[] = [];
  for (const [questionId, answerIds] of Object.entries(ballot)) {
    for (const answerId of answerIds) {
      const expected = answerCounter(before, questionId, answerId) - 1;
      const received = after.QUESTIONS?.[questionId]?.ANSWERS?.[answerId]?.COUNTER;
      if (counterValue(received) !== expected) {
        out.push({ clause: 'RCL-COUNT-03', message: `answer ${answerId} COUNTER did not fall by one`, expected, received, path: `/result/attach/QUESTIONS/${questionId}/ANSWERS/${answerId}/COUNTER` });
      }
    }
  }
  return out;
}

/** RCL-COUNT-04 */
export function otherAnswerCountersUnchanged(before: Attach, ballot: Ballot, exchange: Exchange): Verdict {
  const after = requireAttach('RCL-COUNT-04', exchange);
  if (isViolation(after)) return [after];
  const out: Violation[] = [];
  let compared = 0;
  for (const [questionId, question] of questions(before)) {
    const chosen = new Set(ballot[questionId] ?? []);
    for (const [answerId, answer] of Object.entries(question.ANSWERS ?? {})) {
      if (chosen.has(answerId)) continue;
      compared++;
      const received = after.QUESTIONS?.[questionId]?.ANSWERS?.[answerId]?.COUNTER;
      if (counterValue(received) !== counterValue(answer.COUNTER)) {
        out.push({ clause: 'RCL-COUNT-04', message: `answer ${answerId} COUNTER changed although the caller did not choose it`, expected: counterValue(answer.COUNTER), received, path: `/result/attach/QUESTIONS/${questionId}/ANSWERS/${answerId}/COUNTER` });
      }
    }
  }
  if (compared === 0) return new NotApplicable('the poll has no answer the caller did not choose');
  return out;
}

/**
 * RCL-COUNT-05: PERCENT agrees with the counters. The docs do not give the formula, so either
 * share is accepted, within a point for rounding: of the question's voters, or of all the
 * question's votes. A question nobody answered shows 0 everywhere.
 */
export function percentConsistentWithCounters(attach: Attach, where = '/result/attach'): Verdict {
  const out: Violation[] = [];
  let judged = 0;
  for (const [questionId, question] of questions(attach)) {
    const answers = Object.entries(question.ANSWERS ?? {});
    const voters = counterValue(question.COUNTER);
    const votes = answers.reduce((sum, [, a]) => sum + counterValue(a.COUNTER), 0);
    for (const [answerId, answer] of answers) {
      // No table documents PERCENT: an answer without one is not judged.
      if (answer.PERCENT === undefined || answer.PERCENT === null) continue;
      judged++;
      const percent = Number(answer.PERCENT);
      const count = counterValue(answer.COUNTER);
      const shares = [voters, votes].filter((d) => d > 0).map((d) => (count / d) * 100);
      const ok = Number.isFinite(percent) && (shares.length === 0 ? percent === 0 : shares.some((share) => Math.abs(share - percent) <= 1));
      if (!ok) {
        const expected = shares.length === 0 ? 0 : shares.map((share) => Math.round(share * 100) / 100).join(' or ');
        out.push({ clause: 'RCL-COUNT-05', message: `answer ${answerId} PERCENT does not match its COUNTER ${count}`, expected, received: answer.PERCENT, path: `${where}/QUESTIONS/${questionId}/ANSWERS/${answerId}/PERCENT` });
      }
    }
  }
  return judged === 0 ? new NotApplicable('no answer carries a PERCENT') : out;
}

export function percentConsistentAfterRecall(exchange: Exchange): Verdict {
  const attach = requireAttach('RCL-COUNT-05', exchange);
  return isViolation(attach) ? [{ ...attach, clause: 'RCL-COUNT-05' }] : percentConsistentWithCounters(attach);
}

/** RCL-COUNT-06: every answer of a multiple-choice ballot is withdrawn, not only the first. */
export function multipleChoiceBallotFullyWithdrawn(before: Attach, ballot: Ballot, exchange: Exchange): Verdict {
  const multi = Object.entries(ballot).filter(([, answers]) => answers.length > 1);
  if (multi.length === 0) return new NotApplicable('the ballot chose one answer per question');
  const after = requireAttach('RCL-COUNT-06', exchange);
  if (isViolation(after)) return [after];
  const out: Violation[] = [];
  for (const [questionId, answerIds] of multi) {
    const kept = answerIds.filter((answerId) => counterValue(after.QUESTIONS?.[questionId]?.ANSWERS?.[answerId]?.COUNTER) !== answerCounter(before, questionId, answerId) - 1);
    if (kept.length > 0) {
      out.push({ clause: 'RCL-COUNT-06', message: `question ${questionId}: answers still counted for the caller`, expected: `all of ${answerIds.join(', ')} withdrawn`, received: `still counted: ${kept.join(', ')}`, path: `/result/attach/QUESTIONS/${questionId}/ANSWERS` });
    }
  }
  if (!isEmptyAnswerMap(after.userAnswerMap)) {
    out.push({ clause: 'RCL-COUNT-06', message: 'userAnswerMap still holds part of the ballot', expected: [], received: after.userAnswerMap, path: '/result/attach/userAnswerMap' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Persistence and other users

/** The counters of an attach, flattened to comparable numbers. */
export function counterSnapshot(attach: Attach): Record<string, number> {
  const out: Record<string, number> = { COUNTER: counterValue(attach.COUNTER) };
  for (const [questionId, question] of questions(attach)) {
    out[`QUESTIONS/${questionId}/COUNTER`] = counterValue(question.COUNTER);
    for (const [answerId, answer] of Object.entries(question.ANSWERS ?? {})) {
      out[`QUESTIONS/${questionId}/ANSWERS/${answerId}/COUNTER`] = counterValue(answer.COUNTER);
    }
  }
  return out;
}

function counterDifferences(clause: ClauseId, expected: Attach, received: Attach, where: string, why: string): Violation[] {
  const a = counterSnapshot(expected);
  const b = counterSnapshot(received);
  const out: Violation[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (a[key] !== b[key]) out.push({ clause, message: `${key} ${why}`, expected: a[key], received: b[key], path: `${where}/${key}` });
  }
  return out;
}

/** RCL-STATE-01: a later get shows what the recall said: same counters, caller not voted. */
export function getAgreesWithRecall(exchange: Exchange, later: Attach): Verdict {
  const recalled = requireAttach('RCL-STATE-01', exchange);
  if (isViolation(recalled)) return [recalled];
  return [
    ...counterDifferences('RCL-STATE-01', recalled, later, '/result/attach', 'in a later get differs from the recall response'),
    ...callerShownAsNotVoted(later, 'RCL-STATE-01'),
  ];
}

/**
 * RCL-STATE-02: the co-voter, seen through their own get before and after the participant's
 * recall, still has their vote, and every answer they chose is still counted.
 */
export function coVoterVoteUntouched(coBallot: Ballot, coBefore: Attach, coAfter: Attach): Verdict {
  if (ballotIsEmpty(coBallot)) return new NotApplicable('the co-voter chose no answer');
  const out: Violation[] = [];
  if (coAfter.isVoted !== true) out.push({ clause: 'RCL-STATE-02', message: "the co-voter's isVoted changed", expected: true, received: coAfter.isVoted, path: '/result/attach/isVoted' });
  if (!sameChoices(coAfter.userAnswerMap, coBefore.userAnswerMap)) {
    out.push({ clause: 'RCL-STATE-02', message: "the co-voter's userAnswerMap changed", expected: coBefore.userAnswerMap, received: coAfter.userAnswerMap, path: '/result/attach/userAnswerMap' });
  }
  for (const [questionId, answerIds] of Object.entries(coBallot)) {
    for (const answerId of answerIds) {
      const received = coAfter.QUESTIONS?.[questionId]?.ANSWERS?.[answerId]?.COUNTER;
      if (!(counterValue(received) >= 1)) {
        out.push({ clause: 'RCL-STATE-02', message: `answer ${answerId}, chosen by the co-voter, is no longer counted`, expected: '>= 1', received, path: `/result/attach/QUESTIONS/${questionId}/ANSWERS/${answerId}/COUNTER` });
      }
    }
  }
  return out;
}

function listsCaller(users: VotedUser[] | undefined, callerId: number): boolean {
  return (users ?? []).some((u) => Number(u.ID) === callerId);
}

/**
 * RCL-STATE-03: getWithVoted's voter lists, which named the caller before the recall, do not
 * name them after it. If they did not name the caller before, the check proves nothing.
 */
export function callerNotListedAmongVoters(votedBefore: VotedLists, votedAfter: VotedLists, callerId: number): Verdict {
  if (!Object.values(votedBefore).some((users) => listsCaller(users, callerId))) {
    return new NotApplicable('getWithVoted did not list the caller before the recall either');
  }
  const out: Violation[] = [];
  for (const [answerId, users] of Object.entries(votedAfter)) {
    if (listsCaller(users, callerId)) {
      out.push({ clause: 'RCL-STATE-03', message: `the caller is still listed as a voter for answer ${answerId}`, expected: `no user ${callerId}`, received: users.map((u) => u.ID), path: `/result/voted/${answerId}` });
    }
  }
  return out;
}

/** RCL-STATE-04: getAnswerVoted, asked per chosen answer before and after, stops naming the caller. */
export function callerNotListedForAnswers(before: Record<string, VotedUser[]>, after: Record<string, VotedUser[]>, callerId: number): Verdict {
  const listedBefore = Object.keys(before).filter((answerId) => listsCaller(before[answerId], callerId));
  if (listedBefore.length === 0) return new NotApplicable('getAnswerVoted did not list the caller before the recall either');
  return listedBefore
    .filter((answerId) => listsCaller(after[answerId], callerId))
    .map((answerId) => ({ clause: 'RCL-STATE-04' as const, message: `getAnswerVoted still lists the caller for answer ${answerId}`, expected: `no user ${callerId}`, received: (after[answerId] ?? []).map((u) => u.ID), path: '/result/items' }));
}

// ---------------------------------------------------------------------------------------------
// Refusals and repeats

export interface RefusalExpectation {
  /** The status, when the docs fix it (401 for auth); otherwise any 4xx. */
  status?: number;
  /** The error code, when the docs fix it. */
  code?: string;
}

/** A refusal is a 4xx with a valid `{error, error_description}` envelope (and the documented status/code where fixed). */
export function refusedWithErrorEnvelope(clause: ClauseId, exchange: Exchange, expect: RefusalExpectation = {}): Violation[] {
  const response = exchange.response;
  if (!response) return [{ clause, message: 'no HTTP answer', expected: 'a 4xx error envelope', received: exchange.error }];
  const out: Violation[] = [];
  const statusOk = expect.status !== undefined ? response.status === expect.status : response.status >= 400 && response.status < 500;
  if (!statusOk) out.push({ clause, message: 'wrong HTTP status for a refusal', expected: expect.status ?? '4xx', received: response.status });
  const envelope = validateErrorEnvelope(response.json);
  for (const e of envelope.errors) out.push({ clause, message: `not an error envelope: ${e.message}`, expected: e.expected, received: e.received, path: e.path });
  const code = (response.json as { error?: unknown } | undefined)?.error;
  if (expect.code !== undefined && envelope.ok && code !== expect.code) {
    out.push({ clause, message: 'wrong error code', expected: expect.code, received: code, path: '/error' });
  }
  return out;
}

/** The poll, seen by the same user through get before and after a refused call, is exactly as it was. */
export function pollUnchanged(clause: ClauseId, before: Attach, after: Attach): Violation[] {
  const out = counterDifferences(clause, before, after, '/result/attach', 'changed although the call was refused');
  for (const field of ['isVoted', 'canVote', 'isFinished'] as const) {
    if (before[field] !== after[field]) out.push({ clause, message: `${field} changed although the call was refused`, expected: before[field], received: after[field], path: `/result/attach/${field}` });
  }
  if (!sameChoices(before.userAnswerMap, after.userAnswerMap)) {
    out.push({ clause, message: 'userAnswerMap changed although the call was refused', expected: before.userAnswerMap, received: after.userAnswerMap, path: '/result/attach/userAnswerMap' });
  }
  return out;
}

/**
 * RCL-REPEAT-01/02: a recall with nothing to withdraw changes no counter. The docs do not say
 * whether it errors, so either a 4xx envelope or a 200 showing the caller as not voted is right.
 */
export function recallWithNothingToWithdraw(clause: ClauseId, before: Attach, exchange: Exchange, after: Attach): Verdict {
  const out: Violation[] = [];
  const status = exchange.response?.status ?? 0;
  if (status === 200) {
    const attach = attachOf(exchange);
    if (!attach) out.push({ clause, message: 'a 200 without result.attach', expected: 'result.attach', received: exchange.response?.bodyText.slice(0, 200) });
    else out.push(...callerShownAsNotVoted(attach, clause), ...counterDifferences(clause, before, attach, '/result/attach', 'changed in the recall response'));
  } else {
    out.push(...refusedWithErrorEnvelope(clause, exchange));
  }
  out.push(...counterDifferences(clause, before, after, '/result/attach', 'changed in a later get'));
  return out;
}

/**
 * Several checks judged as one clause: their violations, relabelled to that clause. Checks that
 * do not apply are left out; when none applies, the whole does not apply.
 */
export function judgedAs(clause: ClauseId, ...verdicts: Verdict[]): Verdict {
  const applicable = verdicts.filter((v): v is Violation[] => !(v instanceof NotApplicable));
  if (applicable.length === 0) {
    const reasons = verdicts.map((v) => (v instanceof NotApplicable ? v.reason : '')).filter(Boolean);
    return new NotApplicable(reasons.join('; ') || 'nothing to judge');
  }
  return applicable.flat().map((v) => ({ ...v, clause }));
}

// ---------------------------------------------------------------------------------------------
// Identifiers, deleted polls, the life of a poll, and requests at the same moment

/**
 * RCL-REF-09: a call naming no identifier. The Russian pages tie code `100` to it, so the code
 * is asserted with the class; the exact 4xx status is left open.
 */
export function noIdentifierRefusedWith100(before: Attach, exchange: Exchange, after: Attach): Verdict {
  return judgedAs('RCL-REF-09', refusedWithErrorEnvelope('RCL-REF-09', exchange, { code: '100' }), pollUnchanged('RCL-REF-09', before, after));
}

/**
 * RCL-REF-10: a malformed identifier. Only the class is asserted: the Russian pages list `100`
 * for "not passed or incorrect", the English none, so the code is an observation.
 */
export function malformedIdentifierRefused(before: Attach, exchange: Exchange, after: Attach): Verdict {
  return judgedAs('RCL-REF-10', refusedWithErrorEnvelope('RCL-REF-10', exchange), pollUnchanged('RCL-REF-10', before, after));
}

/**
 * RCL-REF-11: after im.message.delete, a recall on the poll is refused, and a later get of the
 * same identifier is refused too: the recall brought nothing back.
 */
export function deletedPollStaysGone(recall: Exchange, laterGet: Exchange): Verdict {
  const out = refusedWithErrorEnvelope('RCL-REF-11', recall);
  if (laterGet.response?.status === 200 && attachOf(laterGet)) {
    out.push({ clause: 'RCL-REF-11', message: 'a get after the recall finds the deleted poll again', expected: 'a 4xx error envelope', received: describeStatus(laterGet), path: '/result/attach' });
  } else {
    out.push(...refusedWithErrorEnvelope('RCL-REF-11', laterGet).map((v) => ({ ...v, message: `the get after the recall: ${v.message}` })));
  }
  return out;
}

/**
 * RCL-LIFE-01 and RCL-LIFE-02: a recall in a poll that went through something (stopped and
 * resumed; anonymous) is still a recall: it succeeds, the counters of the chosen answers, the
 * question and the attach fall by one, and the caller is shown as not voted.
 */
export function recallWithdrawsLikeAnyOther(clause: ClauseId, before: Attach, ballot: Ballot, exchange: Exchange): Verdict {
  const succeeded = recallSucceeds(exchange);
  if (!(succeeded instanceof NotApplicable) && succeeded.length > 0) return judgedAs(clause, succeeded);
  return judgedAs(
    clause,
    attachCounterFallsByOne(before, exchange),
    questionCounterFallsByOne(before, ballot, exchange),
    chosenAnswerCountersFallByOne(before, ballot, exchange),
    otherAnswerCountersUnchanged(before, ballot, exchange),
    callerNoLongerVoted(exchange),
  );
}

/**
 * RCL-LIFE-03: a vote, a changed vote, then a recall. The poll, seen through get, is back where
 * it was before the caller first voted, and the caller has not voted: nothing of the first
 * ballot came back when the second was withdrawn.
 */
export function changedVoteFullyWithdrawn(beforeFirstVote: Attach, exchange: Exchange, later: Attach): Verdict {
  const succeeded = recallSucceeds(exchange);
  if (!(succeeded instanceof NotApplicable) && succeeded.length > 0) return judgedAs('RCL-LIFE-03', succeeded);
  return [
    ...counterDifferences('RCL-LIFE-03', beforeFirstVote, later, '/result/attach', 'is not back to its value before the caller voted'),
    ...callerShownAsNotVoted(later, 'RCL-LIFE-03'),
  ];
}

/**
 * RCL-RACE-01: recalls sent at the same moment, each answered a 200 showing no vote or a 4xx
 * error envelope (which one is open: the docs do not say what a recall with nothing left to
 * withdraw answers), and the poll, seen through a get after both, is exactly one ballot lighter.
 */
export function concurrentRecallsTakeOneOff(before: Attach, ballot: Ballot, answers: Exchange[], after: Attach): Verdict {
  if (answers.length < 2) return new NotApplicable('fewer than two recalls were sent');
  const out: Violation[] = [];
  answers.forEach((exchange, index) => {
    const status = exchange.response?.status ?? 0;
    if (status === 200) {
      const attach = attachOf(exchange);
      if (!attach) out.push({ clause: 'RCL-RACE-01', message: `recall ${index + 1}: a 200 without result.attach`, expected: 'result.attach', received: exchange.response?.bodyText.slice(0, 200) });
      else out.push(...callerShownAsNotVoted(attach, 'RCL-RACE-01', `recall ${index + 1}: /result/attach`));
    } else {
      out.push(...refusedWithErrorEnvelope('RCL-RACE-01', exchange).map((v) => ({ ...v, message: `recall ${index + 1}: ${v.message}` })));
    }
  });
  if (!answers.some((exchange) => exchange.response?.status === 200)) {
    out.push({ clause: 'RCL-RACE-01', message: 'neither recall succeeded, though the caller had a vote to withdraw', expected: 'at least one HTTP 200', received: answers.map(describeStatus).join('; ') });
  }
  const expected = structuredClone(before);
  expected.COUNTER = counterValue(before.COUNTER) - 1;
  for (const [questionId, answerIds] of Object.entries(ballot)) {
    const question = expected.QUESTIONS?.[questionId];
    if (!question) continue;
    question.COUNTER = counterValue(question.COUNTER) - 1;
    for (const answerId of answerIds) {
      const answer = question.ANSWERS?.[answerId];
      if (answer) answer.COUNTER = counterValue(answer.COUNTER) - 1;
    }
  }
  out.push(...counterDifferences('RCL-RACE-01', expected, after, '/result/attach', 'is not exactly one lower after both recalls'));
  out.push(...callerShownAsNotVoted(after, 'RCL-RACE-01'));
  return out;
}
