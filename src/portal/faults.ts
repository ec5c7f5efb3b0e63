import { composeHooks } from './hooks';
import type { Deviation, Json, PortalHooks } from './hooks';

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

/**
 * Named deviations. A fault breaks a documented rule and the suite should catch it; a variant
 * differs only where the docs are silent and the suite must accept it. Adding one is one entry.
 */
export const DEVIATIONS: readonly Deviation[] = [
  {
    name: 'counters-not-decremented',
    kind: 'fault',
    description: 'recall removes the ballot but counters and voter lists still include it',
    clauses: [],
    countedBallots: (poll) => [...poll.ballots.values(), ...poll.withdrawn],
  },
  {
    name: 'isvoted-stale',
    kind: 'fault',
    description: 'after a recall the caller still sees isVoted true and canVote false',
    clauses: [],
    renderAttach: (attach, { poll, userId }) =>
      !poll.ballots.has(userId) && poll.withdrawn.some((ballot) => ballot.userId === userId)
        ? { ...attach, isVoted: true, canVote: false }
        : attach,
  },
  {
    name: 'revote-check-ignored',
    kind: 'fault',
    description: 'vote and recall succeed in polls where re-voting is disabled (OPTIONS=0)',
    clauses: [],
    revoteAllowed: () => true,
  },
  {
    name: 'recall-removes-all-ballots',
    kind: 'fault',
    description: "recall removes every voter's ballot, not only the caller's",
    clauses: [],
    withdrawBallot(poll) {
      poll.withdrawn.push(...poll.ballots.values());
      poll.ballots.clear();
    },
  },
  {
    name: 'wrong-error-status',
    kind: 'fault',
    description: 'method refusals carry their error envelope with HTTP 200',
    clauses: [],
    renderError: (error) => (error.status === 400 || error.status === 403 ? { ...error, status: 200 } : error),
  },
  {
    name: 'time-missing',
    kind: 'fault',
    description: 'successful answers carry no time member',
    clauses: [],
    renderTime: () => undefined,
  },
  {
    name: 'string-counters',
    kind: 'variant',
    description: 'question and answer COUNTER are numeric strings, as in several doc examples',
    clauses: [],
    renderAttach: (attach) => mapCounters(attach, (value) => String(value)),
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
    name: 'recall-without-vote-refused',
    kind: 'variant',
    description: 'a recall by someone who has not voted is refused with 400',
    clauses: [],
    recallWithoutVote: () => 'recallWithoutVote',
  },
];

export function findDeviation(name: string): Deviation | undefined {
  return DEVIATIONS.find((deviation) => deviation.name === name);
}

/** Hooks for a list of deviation names; an unknown name is a configuration error. */
export function hooksFor(names: readonly string[]): PortalHooks {
  const chosen = names.map((name) => {
    const deviation = findDeviation(name);
    if (!deviation) {
      throw new Error(`unknown fault "${name}" (known: ${DEVIATIONS.map((entry) => entry.name).join(', ')})`);
    }
    return deviation;
  });
  return composeHooks(chosen);
}
