import { Refusal } from './errors';
import { composeHooks, FAITHFUL_HOOKS } from './hooks';
import type { CallContext, Deviation, Json, PortalHooks, RawOutcome, RunCall } from './hooks';
import { IM_CONNECTOR } from './store';
import type { Ballot, Poll } from './store';
import { UnknownFaultError } from '../errors';

function mapCounters(attach: Json, convert: (value: unknown) => unknown): Json {
  const questions: Record<string, Json> = {};
  for (const [id, question] of Object.entries(attach.QUESTIONS as Record<string, Json>)) {
    const answers: Record<string, Json> = {};
    for (const [answerId, answer] of Object.entries(question.ANSWERS as Record<string, Json>)) {
      answers[answerId] = { ...answer, COUNTER: convert(answer.COUNTER) };
    }
    questions[id] = { ...question, COUNTER: convert(question.COUNTER), ANSWERS: answers };
  }
  return { ...attach, QUESTIONS: questions };
}

/** Users whose last ballot was withdrawn and who have not voted since, with that ballot. */
function withdrawnBallots(poll: Poll): Ballot[] {
  const latest = new Map<number, Ballot>();
  for (const ballot of poll.withdrawn) {
    if (!poll.ballots.has(ballot.userId)) latest.set(ballot.userId, ballot);
  }
  return [...latest.values()];
}

function questionsOf(attach: Json): Record<string, Json> {
  return (attach.QUESTIONS ?? {}) as Record<string, Json>;
}

function answersOf(question: Json): Record<string, Json> {
  return (question.ANSWERS ?? {}) as Record<string, Json>;
}

/** Counters recomputed from `ballots`, at the levels asked for; PERCENT as the store derives it. */
function recount(attach: Json, ballots: Ballot[], levels: { attach?: boolean; questions?: boolean; answers?: boolean; percent?: boolean }): Json {
  const questions: Record<string, Json> = {};
  for (const [questionId, question] of Object.entries(questionsOf(attach))) {
    const picks = ballots.flatMap((ballot) => ballot.choices.filter((choice) => String(choice.questionId) === questionId));
    const answers: Record<string, Json> = {};
    for (const [answerId, answer] of Object.entries(answersOf(question))) {
      const votes = picks.filter((choice) => choice.answers.some((picked) => String(picked.answerId) === answerId)).length;
      const exact = picks.length === 0 ? 0 : (votes / picks.length) * 100;
      answers[answerId] = {
        ...answer,
        ...(levels.answers ? { COUNTER: votes } : {}),
        ...(levels.percent ? { PERCENT: Math.round(exact), '~PERCENT': exact } : {}),
      };
    }
    questions[questionId] = { ...question, ...(levels.questions ? { COUNTER: picks.length } : {}), ANSWERS: answers };
  }
  return { ...attach, ...(levels.attach ? { COUNTER: ballots.length } : {}), QUESTIONS: questions };
}

/**
 * Counters stored apart from the ballots, so they can drift: each fault that uses one keeps its
 * own offsets per poll (`attach`, `q:<id>`, `a:<id>`) and adds them to every rendered counter.
 */
function counterDrift() {
  const offsets = new WeakMap<Poll, Map<string, number>>();
  const add = (poll: Poll, key: string, delta: number) => {
    const table = offsets.get(poll) ?? new Map<string, number>();
    table.set(key, (table.get(key) ?? 0) + delta);
    offsets.set(poll, table);
  };
  const render = (attach: Json, poll: Poll): Json => {
    const table = offsets.get(poll);
    if (!table) return attach;
    const shift = (value: unknown, key: string) => Number(value) + (table.get(key) ?? 0);
    const questions: Record<string, Json> = {};
    for (const [questionId, question] of Object.entries(questionsOf(attach))) {
      const answers: Record<string, Json> = {};
      for (const [answerId, answer] of Object.entries(answersOf(question))) {
        answers[answerId] = { ...answer, COUNTER: shift(answer.COUNTER, `a:${answerId}`) };
      }
      questions[questionId] = { ...question, COUNTER: shift(question.COUNTER, `q:${questionId}`), ANSWERS: answers };
    }
    return { ...attach, COUNTER: shift(attach.COUNTER, 'attach'), QUESTIONS: questions };
  };
  return { add, render };
}

/** The poll a call names, found the way the store finds it (through a get as the same user). */
function pollOf(call: CallContext): Poll | undefined {
  const got = call.store.call(call.userId, 'vote.AttachedVote.get', call.params);
  if (!got.ok) return undefined;
  const attach = (got.result as { attach?: Json }).attach;
  return attach ? call.store.poll(Number(attach.ID)) : undefined;
}

/** `aroundCall` for one method only. */
function onMethod(method: string, wrap: (call: CallContext, run: RunCall) => RawOutcome): Deviation['aroundCall'] {
  const name = method.toLowerCase();
  return (call, run) => (call.method === name ? wrap(call, run) : run(call.userId, call.params));
}

/** Replaces `result.attach` of a successful outcome. */
function withAttach(outcome: RawOutcome, change: (attach: Json) => unknown): RawOutcome {
  if (!outcome.ok) return outcome;
  const result = outcome.result as { attach?: Json };
  if (!result.attach) return outcome;
  return { ...outcome, result: { ...result, attach: change(result.attach) } };
}

/** Runs `run` while the withdrawn ballots are back among the live ones (a stale read), then undoes it. */
function withStaleBallots(call: CallContext, run: RunCall): RawOutcome {
  const poll = pollOf(call);
  if (!poll) return run(call.userId, call.params);
  const stale = withdrawnBallots(poll);
  for (const ballot of stale) poll.ballots.set(ballot.userId, ballot);
  try {
    return run(call.userId, call.params);
  } finally {
    for (const ballot of stale) poll.ballots.delete(ballot.userId);
  }
}

/** Makes `userId` a chat member for one call (undone by the returned function); nothing if they are one. */
function admitToChat(store: CallContext['store'], userId: number): (() => void) | undefined {
  const members = store.world.chatMembers;
  if (members.has(userId)) return undefined;
  members.add(userId);
  return () => members.delete(userId);
}

/** When `run` refuses with `key`, runs it again with `lift` applied to the state, then undoes it. */
function ignoreRefusal(key: Refusal['key'], lift: (call: CallContext) => (() => void) | undefined): Deviation['aroundCall'] {
  return onMethod('vote.AttachedVote.recall', (call, run) => {
    const first = run(call.userId, call.params);
    if (first.ok || first.refusal.key !== key) return first;
    const undo = lift(call);
    if (!undo) return first;
    try {
      return run(call.userId, call.params);
    } finally {
      undo();
    }
  });
}

/** When `run` refuses with `key`, withdraws the caller's ballot anyway and still refuses. */
function refuseButWithdraw(key: Refusal['key']): Deviation['aroundCall'] {
  return onMethod('vote.AttachedVote.recall', (call, run) => {
    const outcome = run(call.userId, call.params);
    if (outcome.ok || outcome.refusal.key !== key) return outcome;
    const poll = pollOf(call);
    if (poll?.ballots.has(call.userId)) FAITHFUL_HOOKS.withdrawBallot(poll, call.userId);
    return outcome;
  });
}

/** A body dropped, as if the portal did not decode that encoding. */
function ignoreBody(prefix: string): Deviation['requestParts'] {
  return (parts) => ((parts.contentType ?? '').toLowerCase().startsWith(prefix) ? { ...parts, body: {} } : parts);
}

/** A non-empty hex string shorter than the signature it starts: the part of a cut-short signature. */
function cutSignature(store: CallContext['store'], signed: unknown): string | undefined {
  const match = typeof signed === 'string' ? /^(\d{1,15})\.([0-9a-f]+)$/.exec(signed) : null;
  if (!match) return undefined;
  const real = store.signAttachId(Number(match[1]));
  const mac = real.slice(real.indexOf('.') + 1);
  return match[2]!.length < mac.length && mac.startsWith(match[2]!) ? real : undefined;
}

/** Polls ever stopped, per portal (a store is one portal). */
const everStopped = new WeakMap<object, WeakSet<Poll>>();
/** Ballots a changed vote replaced, per poll and user. */
const replacedBallots = new WeakMap<Poll, Map<number, Ballot>>();
const raceDrift = counterDrift();
/** Per portal: the last call of each user on each poll, and the ballot a recall withdrew. */
const lastCalls = new WeakMap<object, Map<string, { withdrew?: Ballot }>>();
/** Stores in the middle of a quiet lookup, whose inner get is not a call of its own. */
const resolving = new WeakSet<object>();

/** The poll a call names, without the lookup being seen as a call of its own. */
function quietPollOf(call: CallContext): Poll | undefined {
  resolving.add(call.store);
  try {
    return pollOf(call);
  } finally {
    resolving.delete(call.store);
  }
}

/** Per portal: polls whose chat message was deleted, and those a recall brought back. */
const deletedPolls = new WeakMap<object, { byAttach: Map<number, Poll>; byMessage: Map<number, Poll>; back: Set<Poll> }>();

function deletedOf(store: object) {
  const found = deletedPolls.get(store) ?? { byAttach: new Map<number, Poll>(), byMessage: new Map<number, Poll>(), back: new Set<Poll>() };
  deletedPolls.set(store, found);
  return found;
}

/** The deleted poll a call names, in any identifier mode. */
function deletedPollNamed(call: CallContext): Poll | undefined {
  const deleted = deletedOf(call.store);
  const { attachId, signedAttachId, entityId } = call.params;
  if (attachId !== undefined) return deleted.byAttach.get(Number(attachId));
  if (typeof signedAttachId === 'string') return deleted.byAttach.get(Number(signedAttachId.split('.')[0]));
  if (entityId !== undefined) return deleted.byMessage.get(Number(entityId));
  return undefined;
}

const twiceDrift = counterDrift();
const belowZeroDrift = counterDrift();
const BOOLEAN_FIELDS = ['canEdit', 'canVote', 'canRevote', 'isVoted', 'isFinished'];

/**
 * Named deviations. A fault breaks a documented rule and the suite should catch it; a variant
 * differs only where the docs are silent and the suite must accept it. Adding one is one entry.
 * `clauses` of a fault lists the clauses expected to catch it (others may catch it too).
 */
export const DEVIATIONS: readonly Deviation[] = [
  // Counters
  {
    name: 'counters-not-decremented',
    kind: 'fault',
    description: 'recall removes the ballot but counters and voter lists still include it',
    clauses: ['RCL-COUNT-01', 'RCL-COUNT-02', 'RCL-COUNT-03', 'RCL-STATE-03', 'RCL-STATE-04'],
    countedBallots: (poll) => [...poll.ballots.values(), ...poll.withdrawn],
  },
  {
    name: 'counters-decremented-twice',
    kind: 'fault',
    description: 'each recall takes two off the attach, question and chosen answer counters',
    clauses: ['RCL-COUNT-01', 'RCL-COUNT-02', 'RCL-COUNT-03'],
    withdrawBallot(poll, userId) {
      const ballot = poll.ballots.get(userId);
      FAITHFUL_HOOKS.withdrawBallot(poll, userId);
      if (!ballot) return;
      twiceDrift.add(poll, 'attach', -1);
      for (const choice of ballot.choices) {
        twiceDrift.add(poll, `q:${choice.questionId}`, -1);
        for (const picked of choice.answers) twiceDrift.add(poll, `a:${picked.answerId}`, -1);
      }
    },
    renderAttach: (attach, { poll }) => twiceDrift.render(attach, poll),
  },
  {
    name: 'only-attach-counter-decremented',
    kind: 'fault',
    description: 'recall lowers the attach COUNTER but question and answer counters keep the withdrawn ballot',
    clauses: ['RCL-COUNT-02', 'RCL-COUNT-03'],
    renderAttach: (attach, { poll }) =>
      recount(attach, [...poll.ballots.values(), ...withdrawnBallots(poll)], { questions: true, answers: true, percent: true }),
  },
  {
    name: 'answer-counters-not-decremented',
    kind: 'fault',
    description: 'attach and question counters fall, answer counters keep the withdrawn ballot',
    clauses: ['RCL-COUNT-03', 'RCL-COUNT-06'],
    renderAttach: (attach, { poll }) => recount(attach, [...poll.ballots.values(), ...withdrawnBallots(poll)], { answers: true }),
  },
  {
    name: 'counter-below-zero',
    kind: 'fault',
    description: 'a recall with nothing to withdraw still takes one off the attach COUNTER, down below zero',
    clauses: ['RCL-REPEAT-01', 'RCL-REPEAT-02'],
    recallWithoutVote(poll) {
      belowZeroDrift.add(poll, 'attach', -1);
      return undefined;
    },
    renderAttach: (attach, { poll }) => belowZeroDrift.render(attach, poll),
  },
  {
    name: 'percent-stale',
    kind: 'fault',
    description: 'PERCENT is not recomputed on recall: it still counts the withdrawn ballots',
    clauses: ['RCL-COUNT-05'],
    renderAttach: (attach, { poll }) => recount(attach, [...poll.ballots.values(), ...withdrawnBallots(poll)], { percent: true }),
  },

  // State
  {
    name: 'recall-not-persisted',
    kind: 'fault',
    description: 'the recall answer shows the vote withdrawn, but the change is rolled back: a later get shows the vote',
    clauses: ['RCL-STATE-01', 'RCL-STATE-03', 'RCL-STATE-04'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) => {
      const poll = pollOf(call);
      if (!poll) return run(call.userId, call.params);
      const ballots = new Map(poll.ballots);
      const withdrawn = [...poll.withdrawn];
      try {
        return run(call.userId, call.params);
      } finally {
        poll.ballots = ballots;
        poll.withdrawn = withdrawn;
      }
    }),
  },
  {
    name: 'stale-response',
    kind: 'fault',
    description: 'recall withdraws the vote but answers with the attach as it was before',
    clauses: ['RCL-RESP-04', 'RCL-COUNT-01', 'RCL-STATE-01'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) => {
      const before = call.store.call(call.userId, 'vote.AttachedVote.get', call.params);
      const outcome = run(call.userId, call.params);
      if (!before.ok) return outcome;
      return withAttach(outcome, () => (before.result as { attach: Json }).attach);
    }),
  },
  {
    name: 'wrong-poll-returned',
    kind: 'fault',
    description: 'recall answers with the attach of the next attach id, not the poll it changed',
    clauses: ['RCL-RESP-03'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) =>
      withAttach(run(call.userId, call.params), (attach) => {
        const id = Number(attach.ID) + 1;
        const neighbour = call.store.poll(id);
        if (neighbour) return call.store.renderAttach(neighbour, call.userId);
        return { ...attach, ID: id, VOTE_ID: id, entityId: Number(attach.entityId) + 1, signedAttachId: call.store.signAttachId(id) };
      }),
    ),
  },
  {
    name: 'recall-removes-all-ballots',
    kind: 'fault',
    description: "recall removes every voter's ballot, not only the caller's",
    clauses: ['RCL-STATE-02'],
    withdrawBallot(poll) {
      poll.withdrawn.push(...poll.ballots.values());
      poll.ballots.clear();
    },
  },
  {
    name: 'multiple-choice-partly-withdrawn',
    kind: 'fault',
    description: 'recall of a multiple-choice ballot withdraws only the first chosen answer of each question',
    clauses: ['RCL-COUNT-06'],
    withdrawBallot(poll, userId) {
      const ballot = poll.ballots.get(userId);
      if (!ballot) return;
      FAITHFUL_HOOKS.withdrawBallot(poll, userId);
      const kept = ballot.choices
        .map((choice) => ({ ...choice, answers: choice.answers.slice(1) }))
        .filter((choice) => choice.answers.length > 0);
      if (kept.length > 0) poll.ballots.set(userId, { ...ballot, choices: kept });
    },
  },

  // Flags and voter lists
  {
    name: 'isvoted-stale',
    kind: 'fault',
    description: 'after a recall the caller still sees isVoted true and canVote false',
    clauses: ['RCL-RESP-04', 'RCL-STATE-01'],
    renderAttach: (attach, { poll, userId }) =>
      !poll.ballots.has(userId) && poll.withdrawn.some((ballot) => ballot.userId === userId)
        ? { ...attach, isVoted: true, canVote: false }
        : attach,
  },
  {
    name: 'canvote-stale',
    kind: 'fault',
    description: 'after a recall canVote stays false (isVoted and userAnswerMap are right)',
    clauses: ['RCL-RESP-04', 'RCL-STATE-01'],
    renderAttach: (attach, { poll, userId }) =>
      withdrawnBallots(poll).some((ballot) => ballot.userId === userId) ? { ...attach, canVote: false } : attach,
  },
  {
    name: 'useranswermap-stale',
    kind: 'fault',
    description: "after a recall userAnswerMap still holds the caller's withdrawn choices",
    clauses: ['RCL-RESP-04', 'RCL-COUNT-06', 'RCL-STATE-01'],
    renderAttach(attach, { poll, userId }) {
      const ballot = withdrawnBallots(poll).find((candidate) => candidate.userId === userId);
      if (!ballot) return attach;
      const map: Record<string, Record<string, Json>> = {};
      for (const choice of ballot.choices) {
        map[String(choice.questionId)] = Object.fromEntries(
          choice.answers.map((picked) => [
            String(picked.answerId),
            { EVENT_ID: String(ballot.eventId), EVENT_QUESTION_ID: String(choice.eventQuestionId), ANSWER_ID: String(picked.answerId), ID: String(picked.eventAnswerId), MESSAGE: '' },
          ]),
        );
      }
      return { ...attach, userAnswerMap: map };
    },
  },
  {
    name: 'getwithvoted-stale',
    kind: 'fault',
    description: 'vote.AttachedVote.getWithVoted still lists users whose vote was recalled',
    clauses: ['RCL-STATE-03'],
    aroundCall: onMethod('vote.AttachedVote.getWithVoted', withStaleBallots),
  },
  {
    name: 'getanswervoted-stale',
    kind: 'fault',
    description: 'vote.AttachedVote.getAnswerVoted still lists users whose vote was recalled',
    clauses: ['RCL-STATE-04'],
    aroundCall: onMethod('vote.AttachedVote.getAnswerVoted', withStaleBallots),
  },

  // Refusals
  {
    name: 'revote-check-ignored',
    kind: 'fault',
    description: 'vote and recall succeed in polls where re-voting is disabled (OPTIONS=0)',
    clauses: ['RCL-REF-01'],
    revoteAllowed: () => true,
  },
  {
    name: 'outsider-access-ignored',
    kind: 'fault',
    description: 'a recall by a user outside the chat is carried out instead of refused',
    clauses: ['RCL-REF-02'],
    aroundCall: ignoreRefusal('readAccessDenied', ({ store, userId }) => admitToChat(store, userId)),
  },
  {
    name: 'stopped-poll-recall-allowed',
    kind: 'fault',
    description: 'a recall in a stopped poll is carried out instead of refused',
    clauses: ['RCL-REF-06'],
    aroundCall: ignoreRefusal('pollInactive', (call) => {
      const poll = pollOf(call);
      if (!poll) return undefined;
      poll.finished = false;
      return () => {
        poll.finished = true;
      };
    }),
  },
  {
    name: 'revote-refusal-still-withdraws',
    kind: 'fault',
    description: 'a recall in an OPTIONS=0 poll is refused, but the ballot is removed anyway',
    clauses: ['RCL-REF-01'],
    aroundCall: refuseButWithdraw('revoteDisabled'),
  },
  {
    name: 'stopped-refusal-still-withdraws',
    kind: 'fault',
    description: 'a recall in a stopped poll is refused, but the ballot is removed anyway',
    clauses: ['RCL-REF-06'],
    aroundCall: refuseButWithdraw('pollInactive'),
  },

  // Errors
  {
    name: 'wrong-error-status',
    kind: 'fault',
    description: 'method refusals carry their error envelope with HTTP 200',
    clauses: ['RCL-REF-01', 'RCL-REF-02', 'RCL-REF-03', 'RCL-REF-06'],
    renderError: (error) => (error.status === 400 || error.status === 403 ? { ...error, status: 200 } : error),
  },
  {
    name: 'refusals-as-500',
    kind: 'fault',
    description: 'method refusals are answered with HTTP 500 instead of a 4xx',
    clauses: ['RCL-REF-01', 'RCL-REF-02', 'RCL-REF-03', 'RCL-REF-06'],
    renderError: (error) => (error.status === 400 || error.status === 403 ? { ...error, status: 500 } : error),
  },
  {
    name: 'error-without-description',
    kind: 'fault',
    description: 'error envelopes carry error but no error_description',
    clauses: ['RCL-REF-01', 'RCL-REF-03', 'RCL-REF-07'],
    serialise(body) {
      if (body && typeof body === 'object' && 'error' in body) {
        const { error_description: _description, ...rest } = body as Json;
        return JSON.stringify(rest);
      }
      return JSON.stringify(body);
    },
  },
  {
    name: 'read-denied-wrong-code',
    kind: 'fault',
    description: 'a recall by a non-participant is refused with ACCESS_DENIED instead of ATTACH_READ_ACCESS_DENIED',
    clauses: ['RCL-REF-02'],
    errors: { readAccessDenied: { status: 403, code: 'ACCESS_DENIED', description: 'Access denied' } },
  },
  {
    name: 'attach-not-found-wrong-code',
    kind: 'fault',
    description: 'an unknown attachId is refused with NOT_FOUND instead of ATTACH_NOT_FOUND',
    clauses: ['RCL-REF-03'],
    errors: { attachNotFound: { status: 400, code: 'NOT_FOUND', description: 'Not found' } },
  },
  {
    name: 'auth-refused-with-403',
    kind: 'fault',
    description: 'a wrong webhook secret or OAuth token is refused with 403 instead of 401',
    clauses: ['RCL-REF-07', 'RCL-REF-08'],
    errors: { noAuth: { status: 403, code: 'NO_AUTH_FOUND', description: 'Wrong authorization data' } },
  },
  {
    name: 'recall-crashes-500',
    kind: 'fault',
    description: 'recall withdraws the vote, then fails with HTTP 500 INTERNAL_SERVER_ERROR',
    clauses: ['RCL-CALL-01', 'RCL-RESP-01'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) => {
      const outcome = run(call.userId, call.params);
      if (outcome.ok) throw new Error('simulated crash after the recall was applied');
      return outcome;
    }),
  },

  // Schema drift
  {
    name: 'booleans-as-y-n',
    kind: 'fault',
    description: 'isVoted, canVote, canRevote, canEdit and isFinished are sent as "Y"/"N"',
    clauses: ['RCL-RESP-02', 'RCL-RESP-04'],
    renderAttach: (attach) =>
      Object.fromEntries(Object.entries(attach).map(([key, value]) => [key, BOOLEAN_FIELDS.includes(key) ? (value ? 'Y' : 'N') : value])),
  },
  {
    name: 'signed-attach-id-missing',
    kind: 'fault',
    description: 'the recall answer leaves signedAttachId out of the attach',
    clauses: ['RCL-RESP-02', 'RCL-RESP-03'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) =>
      withAttach(run(call.userId, call.params), ({ signedAttachId: _signed, ...rest }) => rest),
    ),
  },
  {
    name: 'time-missing',
    kind: 'fault',
    description: 'successful answers carry no time member',
    clauses: ['RCL-RESP-02'],
    renderTime: () => undefined,
  },
  {
    name: 'time-partial',
    kind: 'fault',
    description: 'time has start and date_start only: finish, duration, processing and date_finish are missing',
    clauses: ['RCL-RESP-02'],
    renderTime: (time) => (time ? { start: time.start, date_start: time.date_start } : time),
  },
  {
    name: 'content-type-html',
    kind: 'fault',
    description: 'JSON bodies are sent as text/html',
    clauses: ['RCL-RESP-01'],
    contentType: () => 'text/html; charset=UTF-8',
  },
  {
    name: 'id-as-string',
    kind: 'fault',
    description: 'attach ID, VOTE_ID and entityId are numeric strings where the schema says integer',
    clauses: ['RCL-RESP-02'],
    renderAttach: (attach) => ({ ...attach, ID: String(attach.ID), VOTE_ID: String(attach.VOTE_ID), entityId: String(attach.entityId) }),
  },
  {
    name: 'result-not-wrapped',
    kind: 'fault',
    description: 'recall returns the attach itself as result, without the attach member',
    clauses: ['RCL-CALL-01', 'RCL-RESP-02'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) => {
      const outcome = run(call.userId, call.params);
      return outcome.ok ? { ...outcome, result: (outcome.result as { attach?: Json }).attach ?? outcome.result } : outcome;
    }),
  },

  // Identifier modes
  {
    name: 'signature-not-checked',
    kind: 'fault',
    description: 'signedAttachId is trusted by its id part; the signature is not verified',
    clauses: ['RCL-REF-04'],
    aroundCall(call, run) {
      const signed = call.params.signedAttachId;
      const match = typeof signed === 'string' ? /^(\d{1,15})\./.exec(signed) : null;
      if (!match) return run(call.userId, call.params);
      return run(call.userId, { ...call.params, signedAttachId: call.store.signAttachId(Number(match[1])) });
    },
  },
  {
    name: 'entity-type-ignored',
    kind: 'fault',
    description: 'moduleId and entityType are ignored: entityId alone finds the chat poll',
    clauses: ['RCL-REF-05'],
    aroundCall(call, run) {
      if (call.params.entityId === undefined) return run(call.userId, call.params);
      return run(call.userId, { ...call.params, moduleId: 'im', entityType: IM_CONNECTOR });
    },
  },
  {
    name: 'string-attach-id-rejected',
    kind: 'fault',
    description: 'an attachId sent as a numeric string is refused with ERROR_ARGUMENT',
    clauses: ['RCL-CALL-02'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) =>
      typeof call.params.attachId === 'string'
        ? { ok: false, refusal: new Refusal('invalidArgument', {}, 'attachId must be an integer') }
        : run(call.userId, call.params),
    ),
  },

  // Auth
  {
    name: 'webhook-secret-ignored',
    kind: 'fault',
    description: "a webhook URL authenticates by its user id; the secret is not checked",
    clauses: ['RCL-REF-07'],
    authenticate({ credential, world, verdict }) {
      if (credential.kind !== 'webhook' || !(verdict instanceof Refusal)) return verdict;
      const user = world.users.find((candidate) => String(candidate.id) === credential.userId);
      return user ? user.id : verdict;
    },
  },
  {
    name: 'oauth-token-ignored',
    kind: 'fault',
    description: "any OAuth token is accepted as the application's user",
    clauses: ['RCL-REF-08'],
    authenticate: ({ credential, world, verdict }) =>
      credential.kind === 'oauth' && verdict instanceof Refusal && verdict.key === 'noAuth' ? world.participantId : verdict,
  },

  // Encodings
  {
    name: 'form-not-supported',
    kind: 'fault',
    description: 'an application/x-www-form-urlencoded body is not decoded (the call sees no parameters)',
    clauses: ['RCL-CALL-01'],
    requestParts: ignoreBody('application/x-www-form-urlencoded'),
  },
  {
    name: 'multipart-not-supported',
    kind: 'fault',
    description: 'a multipart/form-data body is not decoded (the call sees no parameters)',
    clauses: ['RCL-CALL-01'],
    requestParts: ignoreBody('multipart/form-data'),
  },
  {
    name: 'query-not-supported',
    kind: 'fault',
    description: 'parameters in the query string are ignored',
    clauses: ['RCL-CALL-01'],
    requestParts: (parts) => ({ ...parts, query: {} }),
  },


  // Identifiers, deleted polls, the life of a poll, requests at the same moment (issue 14)
  {
    name: 'no-identifier-error-argument',
    kind: 'fault',
    description: 'a call naming no identifier is refused with ERROR_ARGUMENT, not the code 100 the Russian pages give',
    clauses: ['RCL-REF-09'],
    errors: { missingIdentifier: { status: 400, code: 'ERROR_ARGUMENT', description: 'Invalid parameters' } },
  },
  {
    name: 'lenient-identifier-parsing',
    kind: 'fault',
    description: 'recall digs the digits out of a malformed attachId or entityId ("[501]" is 501) and takes a signedAttachId without a signature for the bare ID',
    clauses: ['RCL-REF-10'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) => {
      const params = { ...call.params };
      const digitsOf = (value: unknown) => (typeof value === 'string' && !/^\d+$/.test(value) ? /\d+/.exec(value)?.[0] : undefined);
      for (const key of ['attachId', 'entityId']) {
        const digits = digitsOf(params[key]);
        if (digits) params[key] = Number(digits);
      }
      const bare = typeof params.signedAttachId === 'string' && !params.signedAttachId.includes('.') ? /\d+/.exec(params.signedAttachId)?.[0] : undefined;
      if (bare) params.signedAttachId = call.store.signAttachId(Number(bare));
      return run(call.userId, params);
    }),
  },
  {
    name: 'message-delete-keeps-poll',
    kind: 'fault',
    description: 'im.message.delete answers true, but the poll stays behind and still takes recalls',
    clauses: ['RCL-REF-11'],
    aroundCall: onMethod('im.message.delete', () => ({ ok: true, result: true })),
  },
  {
    name: 'recall-resurrects-deleted-poll',
    kind: 'fault',
    description: 'a recall on a poll whose message was deleted is refused, but brings the poll back: a later get finds it',
    clauses: ['RCL-REF-11'],
    aroundCall(call, run) {
      const deleted = deletedOf(call.store);
      if (call.method === 'im.message.delete') {
        const attachId = call.store.attachIds().find((id) => call.store.poll(id)?.messageId === Number(call.params.MESSAGE_ID));
        const poll = attachId === undefined ? undefined : call.store.poll(attachId);
        const outcome = run(call.userId, call.params);
        if (poll && outcome.ok) {
          deleted.byAttach.set(poll.attachId, poll);
          deleted.byMessage.set(poll.messageId, poll);
        }
        return outcome;
      }
      if (call.method !== 'vote.attachedvote.recall' && call.method !== 'vote.attachedvote.get') return run(call.userId, call.params);
      const outcome = run(call.userId, call.params);
      if (outcome.ok) return outcome;
      const poll = deletedPollNamed(call);
      if (!poll) return outcome;
      if (call.method === 'vote.attachedvote.recall') {
        deleted.back.add(poll);
        return outcome;
      }
      return deleted.back.has(poll) ? { ok: true, result: { attach: call.store.renderAttach(poll, call.userId) } } : outcome;
    },
  },
  {
    name: 'no-identifier-matches-every-poll',
    kind: 'fault',
    description: 'a recall naming no identifier is refused with 100, but only after withdrawing the caller\'s vote in every poll',
    clauses: ['RCL-REF-09'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) => {
      const named = ['attachId', 'signedAttachId', 'moduleId', 'entityType', 'entityId'].some((key) => call.params[key] !== undefined);
      if (!named) {
        for (const id of call.store.attachIds()) {
          const poll = call.store.poll(id);
          if (poll?.ballots.has(call.userId)) FAITHFUL_HOOKS.withdrawBallot(poll, call.userId);
        }
      }
      return run(call.userId, call.params);
    }),
  },
  {
    name: 'resume-keeps-recall-closed',
    kind: 'fault',
    description: 'a poll that was ever stopped refuses recalls as inactive, even after vote.AttachedVote.resume',
    clauses: ['RCL-LIFE-01'],
    aroundCall(call, run) {
      const stopped = everStopped.get(call.store) ?? new WeakSet<Poll>();
      everStopped.set(call.store, stopped);
      if (call.method === 'vote.attachedvote.stop') {
        const outcome = run(call.userId, call.params);
        const poll = outcome.ok ? pollOf(call) : undefined;
        if (poll) stopped.add(poll);
        return outcome;
      }
      if (call.method === 'vote.attachedvote.recall') {
        const poll = pollOf(call);
        if (poll && stopped.has(poll)) return { ok: false, refusal: new Refusal('pollInactive') };
      }
      return run(call.userId, call.params);
    },
  },
  {
    name: 'anonymous-recall-ignored',
    kind: 'fault',
    description: 'a recall in an anonymous poll answers as usual but withdraws nothing',
    clauses: ['RCL-LIFE-02'],
    withdrawBallot(poll, userId) {
      if (poll.anonymity === 1) return;
      FAITHFUL_HOOKS.withdrawBallot(poll, userId);
    },
  },
  {
    name: 'recall-restores-previous-ballot',
    kind: 'fault',
    description: 'a recall after a changed vote puts the earlier ballot back instead of leaving none',
    clauses: ['RCL-LIFE-03'],
    aroundCall(call, run) {
      if (call.method !== 'vote.attachedvote.vote' && call.method !== 'vote.attachedvote.recall') return run(call.userId, call.params);
      const poll = pollOf(call);
      const previous = poll?.ballots.get(call.userId);
      const outcome = run(call.userId, call.params);
      if (!poll || !outcome.ok) return outcome;
      const replaced = replacedBallots.get(poll) ?? new Map<number, Ballot>();
      replacedBallots.set(poll, replaced);
      if (call.method === 'vote.attachedvote.vote') {
        if (previous) replaced.set(call.userId, previous);
        else replaced.delete(call.userId);
        return outcome;
      }
      const earlier = replaced.get(call.userId);
      if (earlier && !poll.ballots.has(call.userId)) {
        poll.ballots.set(call.userId, earlier);
        replaced.delete(call.userId);
      }
      return outcome;
    },
  },
  {
    name: 'access-checked-for-attach-id-only',
    kind: 'fault',
    description: 'a recall by a user outside the chat is refused when it names the poll by attachId, and carried out by entity or signed ID',
    clauses: ['RCL-REF-12'],
    aroundCall: ignoreRefusal('readAccessDenied', ({ store, userId, params }) => (params.attachId !== undefined ? undefined : admitToChat(store, userId))),
  },
  {
    name: 'signature-prefix-accepted',
    kind: 'fault',
    description: 'a signedAttachId is accepted when its signature is the first part of the right one (a prefix compare)',
    clauses: ['RCL-REF-13'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) => {
      const whole = cutSignature(call.store, call.params.signedAttachId);
      return run(call.userId, whole ? { ...call.params, signedAttachId: whole } : call.params);
    }),
  },
  {
    name: 'signature-not-bound-to-id',
    kind: 'fault',
    description: 'a signedAttachId is accepted when its signature is that of any attach, whatever ID it is put with',
    clauses: ['RCL-REF-13'],
    aroundCall: onMethod('vote.AttachedVote.recall', (call, run) => {
      const signed = call.params.signedAttachId;
      const match = typeof signed === 'string' ? /^(\d{1,15})\.([0-9a-f]{64})$/.exec(signed) : null;
      if (!match) return run(call.userId, call.params);
      const issued = call.store.attachIds().some((id) => call.store.signAttachId(id).endsWith(`.${match[2]}`));
      return run(call.userId, issued ? { ...call.params, signedAttachId: call.store.signAttachId(Number(match[1])) } : call.params);
    }),
  },
  {
    name: 'back-to-back-recalls-withdraw-twice',
    kind: 'fault',
    description: 'a recall that reaches the portal right behind the same user\'s recall of the same poll finds the stale ballot and takes it off the counters again',
    clauses: ['RCL-RACE-01'],
    aroundCall(call, run) {
      if (resolving.has(call.store)) return run(call.userId, call.params);
      const poll = quietPollOf(call);
      if (!poll) return run(call.userId, call.params);
      const calls = lastCalls.get(call.store) ?? new Map<string, { withdrew?: Ballot }>();
      lastCalls.set(call.store, calls);
      const key = `${call.userId}:${poll.attachId}`;
      const last = calls.get(key);
      const ballot = poll.ballots.get(call.userId);
      const outcome = run(call.userId, call.params);
      if (call.method !== 'vote.attachedvote.recall') {
        calls.set(key, {});
        return outcome;
      }
      if (outcome.ok && !ballot && last?.withdrew) {
        raceDrift.add(poll, 'attach', -1);
        for (const choice of last.withdrew.choices) {
          raceDrift.add(poll, `q:${choice.questionId}`, -1);
          for (const picked of choice.answers) raceDrift.add(poll, `a:${picked.answerId}`, -1);
        }
      }
      calls.set(key, outcome.ok && ballot && !poll.ballots.has(call.userId) ? { withdrew: ballot } : {});
      return outcome;
    },
    renderAttach: (attach, { poll }) => raceDrift.render(attach, poll),
  },

  // Faithful variants
  {
    name: 'string-counters',
    kind: 'variant',
    description: 'question and answer COUNTER are numeric strings, as in several doc examples',
    clauses: [],
    renderAttach: (attach) => mapCounters(attach, (value) => String(value)),
  },
  {
    name: 'all-string-counters',
    kind: 'variant',
    description: 'every COUNTER, the attach one included, is a numeric string',
    clauses: [],
    renderAttach: (attach) => ({ ...mapCounters(attach, (value) => String(value)), COUNTER: String(attach.COUNTER) }),
  },
  {
    name: 'extra-fields',
    kind: 'variant',
    description: 'attach and time carry fields the docs do not list',
    clauses: [],
    renderAttach: (attach, { poll }) => ({ ...attach, AUTHOR_ID: poll.authorId, CHAT_ID: poll.chatId }),
    renderTime: (time) => (time ? { ...time, server: 'reference' } : time),
  },
  {
    name: 'no-operating-time',
    kind: 'variant',
    description: 'time has no operating and operating_reset_at (the stop page shows such a time)',
    clauses: [],
    renderTime(time) {
      if (!time) return time;
      const { operating: _operating, operating_reset_at: _resetAt, ...rest } = time;
      return rest;
    },
  },
  {
    name: 'random-query-limit',
    kind: 'variant',
    description: 'about one call in ten is refused with 503 QUERY_LIMIT_EXCEEDED before it runs',
    clauses: [],
    intercept: ({ random }) => (random() < 0.1 ? 'queryLimitExceeded' : undefined),
  },
  {
    name: 'revote-disabled-forbidden',
    kind: 'variant',
    description: 're-vote and recall in an OPTIONS=0 poll are refused with 403 ACCESS_DENIED',
    clauses: [],
    errors: { revoteDisabled: { status: 403, code: 'ACCESS_DENIED', description: 'Re-voting is disabled' } },
  },
  {
    name: 'unknown-attach-404',
    kind: 'variant',
    description: 'an unknown attach is 404 ATTACH_NOT_FOUND, a bad signature 404 SIGNATURE_MISMATCH',
    clauses: [],
    errors: {
      attachNotFound: { status: 404, code: 'ATTACH_NOT_FOUND', description: 'Attach not found' },
      invalidSignature: { status: 404, code: 'SIGNATURE_MISMATCH', description: 'Attach not found' },
    },
  },
  {
    name: 'stopped-poll-400',
    kind: 'variant',
    description: 'a recall in a stopped poll is refused with 400 VOTE_IS_CLOSED',
    clauses: [],
    errors: { pollInactive: { status: 400, code: 'VOTE_IS_CLOSED', description: 'The poll is closed' } },
  },
  {
    name: 'recall-without-vote-refused',
    kind: 'variant',
    description: 'a recall by someone who has not voted is refused with 400',
    clauses: [],
    recallWithoutVote: () => 'recallWithoutVote',
  },
  {
    name: 'russian-pages-exact',
    kind: 'variant',
    description: 'answers every identifier problem as the Russian tables\' code 100 ("not passed or incorrect"), a signedAttachId whose signature does not verify included, with its message word for word',
    clauses: [],
    errors: {
      invalidSignature: { status: 400, code: '100', description: 'Bitrix\\Vote\\Attach All parameters in the constructor must have real class type' },
    },
  },
  {
    name: 'new-cases-differ',
    kind: 'variant',
    description: 'answers the cases the docs leave open otherwise: 422 for code 100, ERROR_ARGUMENT for a malformed identifier, 404 for an unknown or deleted poll and for read access, and a recall with nothing left to withdraw (the second of two at once) refused with 400',
    clauses: [],
    errors: {
      missingIdentifier: { status: 422, code: '100', description: 'Bitrix\\Vote\\Attach All parameters in the constructor must have real class type' },
      malformedIdentifier: { status: 400, code: 'ERROR_ARGUMENT', description: 'Invalid identifier' },
      attachNotFound: { status: 404, code: 'ATTACH_NOT_FOUND', description: 'Attach not found' },
      readAccessDenied: { status: 404, code: 'ATTACH_READ_ACCESS_DENIED', description: 'Attach read access denied' },
    },
    recallWithoutVote: () => 'recallWithoutVote',
  },
];

export function findDeviation(name: string): Deviation | undefined {
  return DEVIATIONS.find((deviation) => deviation.name === name);
}

/**
 * Hooks for a list of deviations, by name or given whole (a test's own fault); an unknown name
 * is a configuration error.
 */
export function hooksFor(entries: ReadonlyArray<string | Deviation>): PortalHooks {
  const chosen = entries.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const deviation = findDeviation(entry);
    if (!deviation) {
      throw new UnknownFaultError(entry, DEVIATIONS.map((known) => known.name));
    }
    return deviation;
  });
  return composeHooks(chosen);
}
