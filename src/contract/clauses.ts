/**
 * The clause registry: every assertion the suite makes belongs to one of these.
 * IDs are stable: never renumber or reuse one; retire a clause by marking it, not by deleting it.
 * `source` names the page (relative to bitrix24-rest-docs/) and section the rule comes from; a
 * page of the Russian set, the original, is written `ru:<page>#<section>` (relative to
 * bitrix24-rest-docs-ru/). Where the two sets differ, schemas/DISCREPANCIES.md says how.
 */
export interface Clause {
  id: string;
  /** The rule, as one sentence. */
  title: string;
  source: string;
  area: ClauseArea;
}

export type ClauseArea = 'call' | 'response' | 'counters' | 'state' | 'refusal' | 'repeat' | 'lifecycle' | 'race';

const RECALL = 'api-reference/vote/vote.attachedvote.recall.md';
const SYSTEM_ERRORS = '_includes/system-errors.md';
const RECALL_RU = 'ru:api-reference/vote/vote.attachedvote.recall.md';
const IM_MESSAGE_DELETE = 'api-reference/chats/messages/im-message-delete.md';

export const CLAUSES = [
  // 1. Call styles
  { id: 'RCL-CALL-01', area: 'call', title: 'a recall in this call style succeeds (HTTP 200 with a result)', source: `${RECALL}#method-parameters` },
  { id: 'RCL-CALL-02', area: 'call', title: 'attachId is accepted both as a number and as a numeric string', source: `${RECALL}#1-by-the-attached-poll-id` },

  // 2. What a successful recall shows: the response itself
  { id: 'RCL-RESP-01', area: 'response', title: 'the answer is HTTP 200 with a JSON content type', source: `${RECALL}#response-handling` },
  { id: 'RCL-RESP-02', area: 'response', title: 'the body validates against the recall response schema', source: `${RECALL}#returned-data` },
  { id: 'RCL-RESP-03', area: 'response', title: 'the attach returned is the one targeted: ID, VOTE_ID, entityId and signedAttachId unchanged', source: `${RECALL}#attach` },
  { id: 'RCL-RESP-04', area: 'response', title: 'after recall the caller has not voted: isVoted false, canVote true, userAnswerMap empty', source: `${RECALL}#attach` },

  // Counters
  { id: 'RCL-COUNT-01', area: 'counters', title: 'the attach COUNTER falls by exactly one', source: `${RECALL}#attach` },
  { id: 'RCL-COUNT-02', area: 'counters', title: "the question's COUNTER falls by exactly one", source: `${RECALL}#response-handling` },
  { id: 'RCL-COUNT-03', area: 'counters', title: "each answer the caller chose has its COUNTER fall by exactly one", source: `${RECALL}#response-handling` },
  { id: 'RCL-COUNT-04', area: 'counters', title: 'answers the caller did not choose keep their COUNTER', source: `${RECALL}#response-handling` },
  { id: 'RCL-COUNT-05', area: 'counters', title: 'every PERCENT is consistent with the counters', source: `${RECALL}#response-handling` },
  { id: 'RCL-COUNT-06', area: 'counters', title: 'a multiple-choice ballot loses all of its answers', source: 'api-reference/vote/vote.attachedvote.vote.md#method-parameters' },

  // Persistence and other users
  { id: 'RCL-STATE-01', area: 'state', title: 'a following vote.AttachedVote.get agrees with the recall: the change persisted', source: 'api-reference/vote/vote.attachedvote.get.md#attach' },
  { id: 'RCL-STATE-02', area: 'state', title: "a co-voter's vote stays: still isVoted, and their answer still counted", source: `${RECALL}#recall-your-vote-vote.attachedvote.recall` },
  { id: 'RCL-STATE-03', area: 'state', title: 'vote.AttachedVote.getWithVoted no longer lists the caller among the voters', source: 'api-reference/vote/vote.attachedvote.getWithVoted.md#voted' },
  { id: 'RCL-STATE-04', area: 'state', title: 'vote.AttachedVote.getAnswerVoted no longer lists the caller for the answers they chose', source: 'api-reference/vote/vote.attachedvote.getAnswerVoted.md#result' },

  // 3. Refusals
  { id: 'RCL-REF-01', area: 'refusal', title: 'a recall on a poll with re-voting disabled is refused with a 4xx error envelope and changes nothing', source: `${RECALL}#recall-your-vote-vote.attachedvote.recall` },
  { id: 'RCL-REF-02', area: 'refusal', title: 'a recall by a non-participant is refused with ATTACH_READ_ACCESS_DENIED and changes nothing', source: `${RECALL}#possible-error-codes` },
  { id: 'RCL-REF-03', area: 'refusal', title: 'a recall of an unknown attach is refused with a 4xx error envelope (ATTACH_NOT_FOUND for an unknown attachId)', source: `${RECALL}#possible-error-codes` },
  { id: 'RCL-REF-04', area: 'refusal', title: 'a recall with a forged signedAttachId is refused with a 4xx error envelope and changes nothing', source: `${RECALL}#3-by-the-signed-id` },
  { id: 'RCL-REF-05', area: 'refusal', title: 'a recall whose moduleId and entityType do not match the entity is refused with a 4xx error envelope and changes nothing', source: `${RECALL}#2-by-the-poll-element` },
  { id: 'RCL-REF-06', area: 'refusal', title: 'a recall on a finished (stopped) poll is refused with a 4xx error envelope and changes nothing', source: `${RECALL}#recall-your-vote-vote.attachedvote.recall` },
  { id: 'RCL-REF-07', area: 'refusal', title: 'a recall with a wrong webhook secret is refused with 401 NO_AUTH_FOUND and changes nothing', source: `${SYSTEM_ERRORS}#statuses-and-system-error-codes` },
  { id: 'RCL-REF-08', area: 'refusal', title: 'a recall with an invalid OAuth token is refused with 401 and changes nothing', source: `${SYSTEM_ERRORS}#statuses-and-system-error-codes` },

  { id: 'RCL-REF-09', area: 'refusal', title: 'a recall that names no identifier is refused with error 100 in a 4xx error envelope and changes nothing', source: `${RECALL_RU}#возможные-коды-ошибок` },
  { id: 'RCL-REF-10', area: 'refusal', title: 'a recall with a malformed identifier is refused with a 4xx error envelope and changes nothing', source: `${RECALL_RU}#возможные-коды-ошибок` },
  { id: 'RCL-REF-11', area: 'refusal', title: 'a recall on a poll whose chat message was deleted is refused with a 4xx error envelope and brings nothing back', source: `${IM_MESSAGE_DELETE}#method-parameters` },
  { id: 'RCL-REF-12', area: 'refusal', title: 'a non-participant is refused with ATTACH_READ_ACCESS_DENIED in every identifier mode and changes nothing', source: `${RECALL}#possible-error-codes` },
  { id: 'RCL-REF-13', area: 'refusal', title: "a signedAttachId whose signature is cut short, or belongs to another attach, is refused with a 4xx error envelope and changes nothing", source: `${RECALL}#3-by-the-signed-id` },

  // 4. Repeat and non-voter recalls
  { id: 'RCL-REPEAT-01', area: 'repeat', title: 'a second recall changes no counter and leaves the caller not voted', source: `${RECALL}#recall-your-vote-vote.attachedvote.recall` },
  { id: 'RCL-REPEAT-02', area: 'repeat', title: 'a recall by a member who never voted changes no counter', source: `${RECALL}#recall-your-vote-vote.attachedvote.recall` },

  // 5. The life of a poll
  { id: 'RCL-LIFE-01', area: 'lifecycle', title: 'after stop and then resume, a recall succeeds and withdraws the vote like any other', source: 'api-reference/vote/vote.attachedvote.resume.md#resume-voting-vote.attachedvote.resume' },
  { id: 'RCL-LIFE-02', area: 'lifecycle', title: 'a recall in an anonymous poll withdraws the vote like any other', source: `${RECALL}#recall-your-vote-vote.attachedvote.recall` },
  { id: 'RCL-LIFE-03', area: 'lifecycle', title: 'a recall after a changed vote withdraws the whole ballot: no earlier choice comes back', source: 'api-reference/vote/vote.attachedvote.vote.md#method-parameters' },

  // 6. Requests at the same moment
  { id: 'RCL-RACE-01', area: 'race', title: 'two identical recalls sent at the same moment leave every counter exactly one lower', source: `${RECALL}#recall-your-vote-vote.attachedvote.recall` },
] as const satisfies readonly Clause[];

export type ClauseId = (typeof CLAUSES)[number]['id'];

const byId = new Map<string, Clause>(CLAUSES.map((c) => [c.id, c]));

export function clause(id: ClauseId): Clause {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown clause ${id}`);
  return found;
}

export function isClauseId(id: string): id is ClauseId {
  return byId.has(id);
}
