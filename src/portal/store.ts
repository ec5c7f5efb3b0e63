import { createHmac, timingSafeEqual } from 'node:crypto';
import { Refusal, renderRefusal } from './errors';
import type { PortalError } from './errors';
import { FAITHFUL_HOOKS } from './hooks';
import type { Json, PortalHooks, RawOutcome } from './hooks';
import type { PortalUser, World } from './world';

export interface Answer {
  id: number;
  sort: number;
  message: string;
}

export interface Question {
  id: number;
  sort: number;
  text: string;
  /** 0: one answer (radio buttons), 1: several (checkboxes). */
  fieldType: 0 | 1;
  answers: Answer[];
}

export interface BallotChoice {
  questionId: number;
  eventQuestionId: number;
  answers: Array<{ answerId: number; eventAnswerId: number }>;
}

/** One user's vote in one poll. */
export interface Ballot {
  userId: number;
  eventId: number;
  castAt: number;
  choices: BallotChoice[];
}

export interface Poll {
  attachId: number;
  voteId: number;
  messageId: number;
  chatId: number;
  authorId: number;
  anonymity: 0 | 1;
  options: 0 | 1;
  finished: boolean;
  createdAt: number;
  resultCode: string;
  questions: Question[];
  /** Live ballots by user id. Counters are derived from these, never stored. */
  ballots: Map<number, Ballot>;
  /** Ballots taken back by recall, oldest first. The faithful portal never reads them. */
  withdrawn: Ballot[];
}

export interface ChatMessage {
  id: number;
  chatId: number;
  authorId: number;
  attachId: number;
}

export type Params = Record<string, unknown>;

export type CallOutcome =
  | { ok: true; result: unknown; topLevel?: Json }
  | { ok: false; error: PortalError };

export interface StoreOptions {
  hooks?: PortalHooks;
  now?: () => number;
}

export const IM_CONNECTOR = 'Bitrix\\Vote\\Attachment\\ImMessageConnector';
export const BLOG_CONNECTOR = 'Bitrix\\Vote\\Attachment\\BlogPostConnector';
const CONNECTOR_BY_MODULE: Record<string, string> = { im: IM_CONNECTOR, blog: BLOG_CONNECTOR };
const MAX_ENTITY_IDS = 50;
const MAX_ANSWERS = 10;
const MIN_ANSWERS = 2;
const DEFAULT_PAGE_SIZE = 10;

type Handler = (userId: number, params: Params) => { result: unknown; topLevel?: Json };

function isRecord(value: unknown): value is Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Arrays, and PHP-style objects with keys, both count as lists. */
function asList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return Object.values(value);
  return undefined;
}

/**
 * An integer parameter as the docs allow it: a JSON integer or a string of digits. Values too
 * large to be any stored id are returned as they are and simply match nothing.
 */
function readInteger(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value.trim());
  throw new Refusal('invalidArgument', {}, `${name} must be an integer`);
}

function readFlag(value: unknown, name: string): 0 | 1 {
  if (value === undefined || value === null || value === '') return 0;
  const flag = readInteger(value, name);
  if (flag !== 0 && flag !== 1) throw new Refusal('invalidArgument', {}, `${name} must be 0 or 1`);
  return flag;
}

function readString(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Refusal('invalidArgument', {}, `${name} must be a string`);
}

/** An identifier parameter that does not read as its type is the Russian pages' code 100. */
function identifierValue<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Refusal && error.key === 'invalidArgument') throw new Refusal('malformedIdentifier');
    throw error;
  }
}

function sameClass(given: string, expected: string): boolean {
  return given.replace(/^\\+/, '').toLowerCase() === expected.toLowerCase();
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

/**
 * The portal's state and every method's rules, with no sockets. Each call either refuses before
 * touching anything or applies its change in one synchronous step, so concurrent HTTP requests
 * cannot interleave inside it.
 */
export class PortalStore {
  readonly world: World;
  readonly hooks: PortalHooks;
  private readonly now: () => number;
  private readonly polls = new Map<number, Poll>();
  private readonly messages = new Map<number, ChatMessage>();
  private readonly templates = new Map<string, { messageId: number; voteId: number }>();
  private readonly usersById: Map<number, PortalUser>;
  private readonly sequence = { attach: 501, message: 9001, question: 1201, answer: 3401, event: 7001 };
  private readonly handlers: Map<string, Handler>;

  constructor(world: World, options: StoreOptions = {}) {
    this.world = world;
    this.hooks = options.hooks ?? FAITHFUL_HOOKS;
    this.now = options.now ?? Date.now;
    this.usersById = new Map(world.users.map((user) => [user.id, user]));
    const table: Array<[string, Handler]> = [
      ['vote.Integration.Im.send', (user, params) => this.send(user, params)],
      ['vote.AttachedVote.vote', (user, params) => this.vote(user, params)],
      ['vote.AttachedVote.recall', (user, params) => this.recall(user, params)],
      ['vote.AttachedVote.get', (user, params) => this.get(user, params)],
      ['vote.AttachedVote.getMany', (user, params) => this.getMany(user, params)],
      ['vote.AttachedVote.getWithVoted', (user, params) => this.getWithVoted(user, params)],
      ['vote.AttachedVote.getAnswerVoted', (user, params) => this.getAnswerVoted(user, params)],
      ['vote.AttachedVote.stop', (user, params) => this.setFinished(user, params, true)],
      ['vote.AttachedVote.resume', (user, params) => this.setFinished(user, params, false)],
      ['im.message.delete', (user, params) => this.deleteMessage(user, params)],
    ];
    this.handlers = new Map(table.map(([name, handler]) => [name.toLowerCase(), handler]));
  }

  hasMethod(method: string): boolean {
    return this.handlers.has(method.toLowerCase());
  }

  /** Runs one REST method as `userId`. Refusals come back as errors; bugs still throw. */
  call(userId: number, method: string, params: Params): CallOutcome {
    const name = method.toLowerCase();
    const handler = this.handlers.get(name);
    if (!handler) return { ok: false, error: this.renderError(new Refusal('methodNotFound')) };
    const run = (caller: number, given: Params): RawOutcome => {
      try {
        const { result, topLevel } = handler(caller, given);
        return topLevel ? { ok: true, result, topLevel } : { ok: true, result };
      } catch (error) {
        if (error instanceof Refusal) return { ok: false, refusal: error };
        throw error;
      }
    };
    const outcome = this.hooks.aroundCall({ store: this, method: name, userId, params }, run);
    if (!outcome.ok) return { ok: false, error: this.renderError(outcome.refusal) };
    return outcome.topLevel ? { ok: true, result: outcome.result, topLevel: outcome.topLevel } : { ok: true, result: outcome.result };
  }

  renderError(refusal: Refusal): PortalError {
    return renderRefusal(this.hooks.errors, refusal);
  }

  user(userId: number): PortalUser | undefined {
    return this.usersById.get(userId);
  }

  /** The poll behind an attach id, for tests and tools. */
  poll(attachId: number): Poll | undefined {
    return this.polls.get(attachId);
  }

  /** The attach ids the portal holds, for deviations that look across polls. */
  attachIds(): number[] {
    return [...this.polls.keys()];
  }

  signAttachId(attachId: number): string {
    const mac = createHmac('sha256', this.world.signingKey).update(String(attachId)).digest('hex');
    return `${attachId}.${mac}`;
  }

  /** A plain copy of the whole state, for "nothing changed" comparisons. */
  snapshot(): unknown {
    const polls = [...this.polls.values()].map((poll) => ({
      ...poll,
      questions: structuredClone(poll.questions),
      ballots: [...poll.ballots.entries()].map(([user, ballot]) => [user, structuredClone(ballot)]),
      withdrawn: structuredClone(poll.withdrawn),
    }));
    return structuredClone({
      polls,
      messages: [...this.messages.entries()],
      templates: [...this.templates.entries()],
      sequence: this.sequence,
    });
  }

  private send(userId: number, params: Params) {
    if (params.chatId === undefined) throw new Refusal('invalidArgument', {}, 'chatId is required');
    const chatId = readInteger(params.chatId, 'chatId');
    if (chatId !== this.world.chatId || !this.world.chatMembers.has(userId)) throw new Refusal('sendForbidden');
    const data = params.IM_MESSAGE_VOTE_DATA;
    if (!isRecord(data)) throw new Refusal('sendEmpty');
    const questions = asList(data.QUESTIONS) ?? [];
    if (questions.length === 0) throw new Refusal('sendEmpty');
    if (questions.length > 1) throw new Refusal('sendTooManyQuestions');
    const question = questions[0];
    if (!isRecord(question) || typeof question.QUESTION !== 'string' || question.QUESTION.trim() === '') {
      throw new Refusal('sendEmpty');
    }
    const answerTexts = (asList(question.ANSWERS) ?? [])
      .map((answer) => (isRecord(answer) ? answer.MESSAGE : undefined))
      .filter((text): text is string => typeof text === 'string' && text.trim() !== '');
    if (answerTexts.length < MIN_ANSWERS) throw new Refusal('sendTooFewAnswers');
    if (answerTexts.length > MAX_ANSWERS) throw new Refusal('sendTooManyAnswers');
    const fieldType = readFlag(question.FIELD_TYPE, 'FIELD_TYPE');
    const anonymity = readFlag(data.ANONYMITY, 'ANONYMITY');
    const options = readFlag(data.OPTIONS, 'OPTIONS');
    const templateKey =
      params.templateId === undefined ? undefined : `${userId}\u0000${readString(params.templateId, 'templateId')}`;
    const earlier = templateKey === undefined ? undefined : this.templates.get(templateKey);
    if (earlier) return { result: { ...earlier } };

    const attachId = this.sequence.attach++;
    const messageId = this.sequence.message++;
    const created = this.now();
    const poll: Poll = {
      attachId,
      voteId: attachId,
      messageId,
      chatId,
      authorId: userId,
      anonymity,
      options,
      finished: false,
      createdAt: created,
      resultCode: createHmac('sha256', this.world.signingKey).update(`result:${attachId}`).digest('hex').slice(0, 16),
      questions: [
        {
          id: this.sequence.question++,
          sort: 10,
          text: question.QUESTION,
          fieldType,
          answers: answerTexts.map((message, index) => ({ id: this.sequence.answer++, sort: (index + 1) * 10, message })),
        },
      ],
      ballots: new Map(),
      withdrawn: [],
    };
    this.polls.set(attachId, poll);
    this.messages.set(messageId, { id: messageId, chatId, authorId: userId, attachId });
    const ids = { messageId, voteId: poll.voteId };
    if (templateKey !== undefined) this.templates.set(templateKey, ids);
    return { result: { ...ids } };
  }

  private vote(userId: number, params: Params) {
    const poll = this.readablePoll(userId, params);
    if (poll.finished) throw new Refusal('pollInactive');
    const choices = this.readBallot(poll, params.ballot);
    if (poll.ballots.has(userId) && !this.hooks.revoteAllowed(poll)) throw new Refusal('revoteDisabled');
    poll.ballots.set(userId, {
      userId,
      eventId: this.sequence.event++,
      castAt: this.now(),
      choices: choices.map(({ question, answerIds }) => ({
        questionId: question.id,
        eventQuestionId: this.sequence.event++,
        answers: answerIds.map((answerId) => ({ answerId, eventAnswerId: this.sequence.event++ })),
      })),
    });
    return { result: { attach: this.renderAttach(poll, userId) } };
  }

  private recall(userId: number, params: Params) {
    const poll = this.readablePoll(userId, params);
    if (poll.finished) throw new Refusal('pollInactive');
    if (!this.hooks.revoteAllowed(poll)) throw new Refusal('revoteDisabled');
    if (poll.ballots.has(userId)) {
      this.hooks.withdrawBallot(poll, userId);
    } else {
      const refusal = this.hooks.recallWithoutVote(poll, userId);
      if (refusal) throw new Refusal(refusal);
    }
    return { result: { attach: this.renderAttach(poll, userId) } };
  }

  private get(userId: number, params: Params) {
    const poll = this.readablePoll(userId, params);
    return { result: { attach: this.renderAttach(poll, userId) } };
  }

  private getMany(userId: number, params: Params) {
    for (const name of ['moduleId', 'entityType', 'entityId']) {
      if (params[name] === undefined) throw new Refusal('invalidArgument', {}, `${name} is required`);
    }
    const moduleId = readString(params.moduleId, 'moduleId');
    const entityType = readString(params.entityType, 'entityType');
    const listed = asList(params.entityId) ?? [params.entityId];
    if (listed.length === 0) throw new Refusal('invalidArgument', {}, 'entityId is empty');
    if (listed.length > MAX_ENTITY_IDS) throw new Refusal('tooManyEntityIds');
    const entityIds = listed.map((value) => readInteger(value, 'entityId'));
    const items = entityIds.map((entityId) => {
      const poll = this.pollByEntity(moduleId, entityType, entityId);
      if (!poll) throw new Refusal('entityNotFound', { id: entityId });
      if (!this.canRead(userId, poll)) throw new Refusal('entityReadDenied', { id: entityId });
      return poll;
    });
    return { result: { items: items.map((poll) => this.renderAttach(poll, userId)) } };
  }

  private getWithVoted(userId: number, params: Params) {
    const poll = this.readablePoll(userId, params);
    const pageSize = this.readPageSize(params.pageSize);
    const voted: Record<string, unknown[]> = {};
    if (poll.anonymity === 0) {
      for (const question of poll.questions) {
        for (const answer of question.answers) {
          const voters = this.votersFor(poll, answer.id);
          if (voters.length > 0) voted[String(answer.id)] = voters.slice(0, pageSize).map((user) => this.renderUser(user));
        }
      }
    }
    return {
      result: { attach: this.renderAttach(poll, userId), voted: Object.keys(voted).length > 0 ? voted : [] },
    };
  }

  private getAnswerVoted(userId: number, params: Params) {
    const poll = this.readablePoll(userId, params);
    if (params.answerId === undefined) throw new Refusal('invalidArgument', {}, 'answerId is required');
    const answerId = readInteger(params.answerId, 'answerId');
    const known = poll.questions.some((question) => question.answers.some((answer) => answer.id === answerId));
    if (!known) throw new Refusal('invalidArgument', {}, `answer ${answerId} is not part of this poll`);
    const navigation = params.pageNavigation === undefined ? {} : params.pageNavigation;
    if (!isRecord(navigation)) throw new Refusal('invalidArgument', {}, 'pageNavigation must be an object');
    const size = this.readPageSize(navigation.size);
    const page = navigation.page === undefined ? 1 : readInteger(navigation.page, 'pageNavigation.page');
    if (page < 1) throw new Refusal('invalidArgument', {}, 'pageNavigation.page must be 1 or more');
    const voters = this.votersFor(poll, answerId);
    const visible = poll.anonymity === 0 ? voters.slice((page - 1) * size, page * size) : [];
    return { result: { items: visible.map((user) => this.renderUser(user)) }, topLevel: { total: voters.length } };
  }

  private setFinished(userId: number, params: Params, finished: boolean) {
    const poll = this.readablePoll(userId, params);
    if (poll.authorId !== userId) throw new Refusal('editAccessDenied');
    poll.finished = finished;
    return { result: [] };
  }

  private deleteMessage(userId: number, params: Params) {
    if (params.MESSAGE_ID === undefined || params.MESSAGE_ID === '') throw new Refusal('messageIdError');
    let messageId: number;
    try {
      messageId = readInteger(params.MESSAGE_ID, 'MESSAGE_ID');
    } catch {
      throw new Refusal('messageIdError');
    }
    const message = this.messages.get(messageId);
    if (!message) throw new Refusal('messageIdError', {}, `no message ${messageId}`);
    if (message.authorId !== userId) throw new Refusal('cantEditMessage');
    this.messages.delete(messageId);
    this.polls.delete(message.attachId);
    return { result: true };
  }

  /** Finds the poll named by exactly one identifier mode and checks that the caller may read it. */
  private readablePoll(userId: number, params: Params): Poll {
    const poll = this.locate(params);
    if (!this.canRead(userId, poll)) throw new Refusal('readAccessDenied');
    return poll;
  }

  private locate(params: Params): Poll {
    const entityKeys = ['moduleId', 'entityType', 'entityId'].filter((key) => params[key] !== undefined);
    const modes = [params.attachId !== undefined, entityKeys.length > 0, params.signedAttachId !== undefined];
    const count = modes.filter(Boolean).length;
    if (count === 0) throw new Refusal('missingIdentifier');
    if (count !== 1) {
      throw new Refusal(
        'invalidArgument',
        {},
        `pass exactly one of attachId, moduleId+entityType+entityId or signedAttachId (got ${count})`,
      );
    }
    if (params.attachId !== undefined) return this.found(this.polls.get(identifierValue(() => readInteger(params.attachId, 'attachId'))));
    if (params.signedAttachId !== undefined) return this.found(this.polls.get(this.verifySigned(params.signedAttachId)));
    if (entityKeys.length !== 3) throw new Refusal('malformedIdentifier');
    const moduleId = identifierValue(() => readString(params.moduleId, 'moduleId'));
    const entityType = identifierValue(() => readString(params.entityType, 'entityType'));
    return this.found(this.pollByEntity(moduleId, entityType, identifierValue(() => readInteger(params.entityId, 'entityId'))));
  }

  private found(poll: Poll | undefined): Poll {
    if (!poll) throw new Refusal('attachNotFound');
    return poll;
  }

  private verifySigned(value: unknown): number {
    const signed = identifierValue(() => readString(value, 'signedAttachId'));
    if (!/^\d{1,15}\.[0-9a-zA-Z]+$/.test(signed)) throw new Refusal('malformedIdentifier');
    const match = /^(\d{1,15})\.([0-9a-f]{64})$/.exec(signed);
    if (!match) throw new Refusal('invalidSignature');
    const attachId = Number(match[1]);
    const expected = Buffer.from(this.signAttachId(attachId).slice(match[1]!.length + 1), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'))) throw new Refusal('invalidSignature');
    return attachId;
  }

  private pollByEntity(moduleId: string, entityType: string, entityId: number): Poll | undefined {
    const connector = CONNECTOR_BY_MODULE[moduleId.toLowerCase()];
    if (connector !== IM_CONNECTOR || !sameClass(entityType, connector)) return undefined;
    const message = this.messages.get(entityId);
    return message ? this.polls.get(message.attachId) : undefined;
  }

  private canRead(userId: number, poll: Poll): boolean {
    return poll.chatId === this.world.chatId && this.world.chatMembers.has(userId);
  }

  private readBallot(poll: Poll, raw: unknown): Array<{ question: Question; answerIds: number[] }> {
    if (raw === undefined) throw new Refusal('invalidBallot', {}, 'ballot is required');
    if (!isRecord(raw)) throw new Refusal('invalidBallot', {}, 'ballot must map question ids to answer ids');
    const choices: Array<{ question: Question; answerIds: number[] }> = [];
    for (const [key, value] of Object.entries(raw)) {
      const question = /^\d+$/.test(key) ? poll.questions.find((candidate) => candidate.id === Number(key)) : undefined;
      if (!question) throw new Refusal('invalidBallot', {}, `question ${key} is not part of this poll`);
      const listed = asList(value) ?? [value];
      const answerIds = [...new Set(listed.map((item) => readInteger(item, `ballot[${key}]`)))];
      for (const answerId of answerIds) {
        if (!question.answers.some((answer) => answer.id === answerId)) {
          throw new Refusal('invalidBallot', {}, `answer ${answerId} is not an answer of question ${key}`);
        }
      }
      if (answerIds.length === 0) throw new Refusal('invalidBallot', {}, `no answer chosen for question ${key}`);
      if (question.fieldType === 0 && answerIds.length > 1) {
        throw new Refusal('invalidBallot', {}, `question ${key} takes a single answer`);
      }
      choices.push({ question, answerIds });
    }
    if (choices.length === 0) throw new Refusal('invalidBallot', {}, 'ballot is empty');
    return choices;
  }

  private readPageSize(value: unknown): number {
    if (value === undefined) return DEFAULT_PAGE_SIZE;
    const size = readInteger(value, 'page size');
    if (size < 1) throw new Refusal('invalidArgument', {}, 'page size must be 1 or more');
    return size;
  }

  private votersFor(poll: Poll, answerId: number): PortalUser[] {
    return this.hooks
      .countedBallots(poll)
      .filter((ballot) => ballot.choices.some((choice) => choice.answers.some((answer) => answer.answerId === answerId)))
      .sort((a, b) => a.castAt - b.castAt || a.eventId - b.eventId)
      .map((ballot) => this.usersById.get(ballot.userId))
      .filter((user): user is PortalUser => user !== undefined);
  }

  private renderUser(user: PortalUser): Json {
    return { ID: user.id, NAME: user.name, IMAGE: '', WORK_POSITION: user.workPosition };
  }

  /** The attach as `userId` sees it; counters and percentages come from the counted ballots. */
  renderAttach(poll: Poll, userId: number): Json {
    const counted = this.hooks.countedBallots(poll);
    const signed = this.signAttachId(poll.attachId);
    const stamp = isoSeconds(poll.createdAt);
    const questions: Record<string, Json> = {};
    for (const question of poll.questions) {
      const fieldName = `bx_vote_event[${poll.attachId}][BALLOT][${question.id}]`;
      const picks = counted.flatMap((ballot) => ballot.choices.filter((choice) => choice.questionId === question.id));
      const answers: Record<string, Json> = {};
      for (const answer of question.answers) {
        const votes = picks.filter((choice) => choice.answers.some((picked) => picked.answerId === answer.id)).length;
        const exact = picks.length === 0 ? 0 : (votes / picks.length) * 100;
        answers[String(answer.id)] = {
          ID: String(answer.id),
          ACTIVE: 'Y',
          TIMESTAMP_X: stamp,
          QUESTION_ID: String(question.id),
          C_SORT: String(answer.sort),
          IMAGE_ID: null,
          MESSAGE: answer.message,
          MESSAGE_TYPE: 'text',
          COUNTER: votes,
          FIELD_TYPE: String(question.fieldType),
          FIELD_WIDTH: '0',
          FIELD_HEIGHT: '0',
          FIELD_PARAM: null,
          COLOR: '',
          REACTION: '',
          '~FIELD_NAME': fieldName,
          FIELD_NAME: fieldName,
          MESSAGE_FIELD_NAME: `bx_vote_event[${poll.attachId}][MESSAGE][${question.id}][${answer.id}]`,
          '~PERCENT': exact,
          PERCENT: Math.round(exact),
        };
      }
      questions[String(question.id)] = {
        ID: String(question.id),
        ACTIVE: 'Y',
        TIMESTAMP_X: stamp,
        VOTE_ID: String(poll.voteId),
        C_SORT: String(question.sort),
        COUNTER: picks.length,
        QUESTION: question.text,
        QUESTION_TYPE: 'text',
        IMAGE_ID: null,
        DIAGRAM: 'Y',
        DIAGRAM_TYPE: 'histogram',
        REQUIRED: 'N',
        FIELD_TYPE: String(question.fieldType),
        FIELD_NAME: fieldName,
        IMAGE: null,
        ANSWERS: answers,
      };
    }
    const ballot = poll.ballots.get(userId);
    const answerMap: Record<string, Record<string, Json>> = {};
    for (const choice of ballot?.choices ?? []) {
      const perAnswer: Record<string, Json> = {};
      for (const picked of choice.answers) {
        perAnswer[String(picked.answerId)] = {
          EVENT_ID: String(ballot!.eventId),
          EVENT_QUESTION_ID: String(choice.eventQuestionId),
          ANSWER_ID: String(picked.answerId),
          ID: String(picked.eventAnswerId),
          MESSAGE: '',
        };
      }
      answerMap[String(choice.questionId)] = perAnswer;
    }
    const revote = this.hooks.revoteAllowed(poll);
    const attach: Json = {
      ID: poll.attachId,
      VOTE_ID: poll.voteId,
      COUNTER: counted.length,
      QUESTIONS: questions,
      ANONYMITY: poll.anonymity,
      OPTIONS: poll.options,
      userAnswerMap: ballot ? answerMap : [],
      canEdit: poll.authorId === userId,
      canVote: !poll.finished && !ballot,
      canRevote: !poll.finished && revote,
      isVoted: ballot !== undefined,
      signedAttachId: signed,
      resultUrl: `/vote-result/${poll.resultCode}`,
      downloadUrl: `/bitrix/services/main/ajax.php?action=vote.AttachedVote.download&SITE_ID=s1&signedAttachId=${signed}`,
      entityId: poll.messageId,
      isFinished: poll.finished,
    };
    return this.hooks.renderAttach(attach, { poll, userId });
  }
}
