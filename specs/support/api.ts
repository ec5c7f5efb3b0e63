/**
 * The calls the suite makes around recall, over the transport. Setup calls (send, vote, get)
 * must succeed; when they do not, a SetupError says which call failed and how, and every case
 * that depended on it fails with that message (a broken setup is never a pass).
 */
import { Faker, base, en } from '@faker-js/faker';
import type { AuthStyle, Credentials, Encoding, Exchange } from '../../src/client/types';
import { chooseEncoding, identify, IM_ENTITY_TYPE, IM_MODULE_ID, type IdMode, type PollRef } from '../../src/client/call-styles';
import type { Attach, VotedUser } from '../../src/generated';
import type { Ballot, VotedLists } from '../../src/contract/invariants';
import { attachOf } from '../../src/contract/invariants';
import type { SuiteContext } from './context';
import { SetupError } from '../../src/errors';
import { sendingFor } from './current-case';
import type { RequestPurpose } from '../../src/run-files';


export interface Poll extends PollRef {
  messageId: number;
  questionId: string;
  answerIds: string[];
}

export interface PollOptions {
  /** 1 allows re-voting (and so recall). */
  options: 0 | 1;
  /** 0 single choice, 1 multiple choice. */
  fieldType: 0 | 1;
  answers: number;
  anonymity?: 0 | 1;
}

export interface Style {
  auth: AuthStyle;
  encoding: Encoding;
}

function summarise(exchange: Exchange): string {
  if (!exchange.response) return exchange.error ?? 'no answer';
  return `HTTP ${exchange.response.status} ${exchange.response.bodyText.slice(0, 300)}`;
}

export class Api {
  /** Polls this Api (one spec file) created, deleted by cleanup(). */
  private readonly created: Poll[] = [];

  /**
   * Poll texts, from a fixed seed per spec file: the same file asks for the same polls whatever
   * ran before it, so recordings stay byte-identical.
   */
  private readonly faker = new Faker({ locale: [en, base], seed: 24_042 });

  constructor(private readonly ctx: SuiteContext) {}

  /**
   * Without a style, a setup call: in the setup style for this caller. The purpose is what the
   * request budget counts it as: by default a call in a given style is the judged one, any other
   * a setup call.
   */
  call(as: Credentials, method: string, params: Record<string, unknown>, style?: Style, purpose?: RequestPurpose): Promise<Exchange> {
    const { auth, encoding } = style ?? this.setupStyle(as);
    return sendingFor(purpose ?? (style ? 'judged' : 'setup'), () => this.ctx.transport.send({ method, params, auth, encoding, as }));
  }

  /**
   * Setup calls (create, vote, get, stop, delete) are not what a case judges: they go with the
   * caller's webhook when it has one (its OAuth token otherwise), in JSON when the transport
   * speaks it and otherwise in the first encoding it does. Never in one it refused.
   */
  private setupStyle(as: Credentials): Style {
    const reasons: string[] = [];
    const auths: AuthStyle[] = [...(as.webhookUrl ? ['webhook' as const] : []), ...(as.oauthToken ? ['oauth' as const] : [])];
    for (const auth of auths) {
      const choice = chooseEncoding(this.ctx.transport, auth, ['json']);
      if ('encoding' in choice) return { auth, encoding: choice.encoding };
      reasons.push(choice.reason);
    }
    throw new SetupError(`no setup call can be sent as the ${as.role}: ${reasons.join('; ') || 'it has neither a webhook nor an OAuth token'}`);
  }

  private async must(as: Credentials, method: string, params: Record<string, unknown>, purpose: RequestPurpose = 'setup'): Promise<{ exchange: Exchange; result: unknown }> {
    const exchange = await this.call(as, method, params, undefined, purpose);
    const body = exchange.response?.json as { result?: unknown } | undefined;
    if (exchange.response?.status !== 200 || !body || !('result' in body)) {
      throw new SetupError(`setup call ${method} failed as ${as.role}: ${summarise(exchange)}`);
    }
    return { exchange, result: body.result };
  }

  private async mustAttach(as: Credentials, method: string, params: Record<string, unknown>, purpose: RequestPurpose = 'setup'): Promise<Attach> {
    const { exchange } = await this.must(as, method, params, purpose);
    const attach = attachOf(exchange);
    if (!attach) throw new SetupError(`setup call ${method} answered 200 without result.attach`);
    return attach;
  }

  /** Creates a poll in the target's chat, marked with the run ID, and records it in the ledger at once. */
  async createPoll(opts: PollOptions): Promise<Poll> {
    const { participant, chatId } = this.ctx.target;
    const question = `[b24rc:${this.ctx.runId}] ${this.faker.lorem.sentence({ min: 3, max: 6 })}`;
    const answers = Array.from({ length: opts.answers }, () => ({ MESSAGE: this.faker.lorem.words({ min: 1, max: 3 }) }));
    const { result } = await this.must(participant, 'vote.Integration.Im.send', {
      chatId,
      IM_MESSAGE_VOTE_DATA: {
        QUESTIONS: [{ QUESTION: question, FIELD_TYPE: opts.fieldType, ANSWERS: answers }],
        ANONYMITY: opts.anonymity ?? 0,
        OPTIONS: opts.options,
      },
    });
    const messageId = Number((result as { messageId?: unknown }).messageId);
    if (!Number.isInteger(messageId) || messageId <= 0) throw new SetupError(`vote.Integration.Im.send returned no messageId`);
    this.ctx.files.recordPoll({ runId: this.ctx.runId, messageId, createdAt: new Date().toISOString() });

    const attach = await this.mustAttach(participant, 'vote.AttachedVote.get', { moduleId: IM_MODULE_ID, entityType: IM_ENTITY_TYPE, entityId: messageId });
    const [questionId, q] = Object.entries(attach.QUESTIONS ?? {})[0] ?? [];
    if (!questionId || !q) throw new SetupError('the new poll has no question');
    const poll: Poll = {
      attachId: Number(attach.ID),
      entityId: Number(attach.entityId),
      signedAttachId: String(attach.signedAttachId),
      messageId,
      questionId,
      answerIds: Object.keys(q.ANSWERS ?? {}),
    };
    this.created.push(poll);
    return poll;
  }

  async deletePoll(poll: Pick<Poll, 'messageId'>): Promise<void> {
    const exchange = await this.call(this.ctx.target.participant, 'im.message.delete', { MESSAGE_ID: poll.messageId }, undefined, 'cleanup');
    if (exchange.response?.status === 200) this.ctx.files.markDeleted(poll.messageId);
  }

  /**
   * Deletes a poll's chat message as a step a case needs (not as cleanup): it must succeed, and
   * cleanup() will not delete it again.
   */
  async deleteForGood(poll: Poll): Promise<void> {
    await this.must(this.ctx.target.participant, 'im.message.delete', { MESSAGE_ID: poll.messageId });
    this.ctx.files.markDeleted(poll.messageId);
    const at = this.created.indexOf(poll);
    if (at >= 0) this.created.splice(at, 1);
  }

  /** Deletes the polls this file created; the runner's janitor sweeps whatever a crash left. */
  async cleanup(): Promise<void> {
    for (const poll of this.created.splice(0)) await this.deletePoll(poll);
  }

  ballotOf(poll: Poll, answerIndexes: number[]): Ballot {
    return { [poll.questionId]: answerIndexes.map((i) => poll.answerIds[i]!) };
  }

  /** The documented response carries the attach as it stands after the vote: callers may use it as a "before" view. */
  vote(as: Credentials, poll: Poll, ballot: Ballot, purpose: RequestPurpose = 'setup'): Promise<Attach> {
    return this.mustAttach(as, 'vote.AttachedVote.vote', { attachId: poll.attachId, ballot }, purpose);
  }

  /** A before/after read (or, with `bisection`, one spent only to name which refusal changed a poll). */
  get(as: Credentials, poll: Poll, purpose: RequestPurpose = 'read'): Promise<Attach> {
    return this.mustAttach(as, 'vote.AttachedVote.get', { attachId: poll.attachId }, purpose);
  }

  async getWithVoted(as: Credentials, poll: Poll): Promise<VotedLists> {
    const { result } = await this.must(as, 'vote.AttachedVote.getWithVoted', { attachId: poll.attachId }, 'read');
    const voted = (result as { voted?: unknown }).voted;
    // Nobody listed arrives as [] (PHP's empty array) or {}; anything else is not the documented shape.
    if (Array.isArray(voted) && voted.length === 0) return {};
    if (!voted || typeof voted !== 'object' || Array.isArray(voted)) {
      throw new SetupError(`vote.AttachedVote.getWithVoted answered without result.voted keyed by answer ID: ${JSON.stringify(result).slice(0, 200)}`);
    }
    return voted as VotedLists;
  }

  async getAnswerVoted(as: Credentials, poll: Poll, answerId: string): Promise<VotedUser[]> {
    const { result } = await this.must(as, 'vote.AttachedVote.getAnswerVoted', { attachId: poll.attachId, answerId: Number(answerId) }, 'read');
    const items = (result as { items?: unknown }).items;
    if (!Array.isArray(items)) throw new SetupError(`vote.AttachedVote.getAnswerVoted answered without result.items: ${JSON.stringify(result).slice(0, 200)}`);
    return items as VotedUser[];
  }

  /** getAnswerVoted for each of the answers, keyed by answer ID. */
  async answerVotedFor(as: Credentials, poll: Poll, answerIds: string[]): Promise<Record<string, VotedUser[]>> {
    const out: Record<string, VotedUser[]> = {};
    for (const answerId of answerIds) out[answerId] = await this.getAnswerVoted(as, poll, answerId);
    return out;
  }

  async stop(poll: Poll): Promise<void> {
    await this.must(this.ctx.target.participant, 'vote.AttachedVote.stop', { attachId: poll.attachId });
  }

  /** The recall under test, in the given mode and style (a recall a case only needs done is `setup`). */
  recall(as: Credentials, poll: PollRef, mode: IdMode, style: Style, override?: Record<string, unknown>, purpose: RequestPurpose = 'judged'): Promise<Exchange> {
    return this.call(as, 'vote.AttachedVote.recall', override ?? identify(poll, mode), style, purpose);
  }
}

/** The numeric user ID in a webhook URL (`…/rest/<userId>/<secret>/`). */
export function userIdOf(credentials: Credentials): number {
  const match = credentials.webhookUrl?.match(/\/rest\/(\d+)\/[^/]+\/?$/);
  if (!match) throw new SetupError(`the ${credentials.role} has no webhook URL with a user ID`);
  return Number(match[1]);
}
