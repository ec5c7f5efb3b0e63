/**
 * Every body the reference portal sends validates against schemas/: successes against their
 * method's response schema, errors against the error envelope. A walk through every method,
 * every identifier mode and the common refusals, watched through the portal's `observe` hook.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderErrors, resolveMethod, validateErrorEnvelope, validateResponse } from '../contract/validate';
import { startPortal, type ObservedResponse, type RunningPortal } from './index';

const seen: ObservedResponse[] = [];
let portal: RunningPortal;

async function call(base: string, method: string, params: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  portal = await startPortal({ observe: (r) => seen.push(r) });
  const { B24_WEBHOOK_URL: me, B24_COVOTER_WEBHOOK_URL: co, B24_OUTSIDER_WEBHOOK_URL: outsider, B24_CHAT_ID: chatId } = portal.env;
  const question = (fieldType: number, options: number, anonymity = 0) => ({
    chatId: Number(chatId),
    IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'Which?', FIELD_TYPE: fieldType, ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }, { MESSAGE: 'c' }] }], ANONYMITY: anonymity, OPTIONS: options },
  });
  for (const [fieldType, options, anonymity] of [[0, 1, 0], [1, 1, 0], [0, 0, 1]] as const) {
    const sent = await call(me, 'vote.Integration.Im.send', question(fieldType, options, anonymity));
    const messageId = sent.body.result.messageId as number;
    const entity = { moduleId: 'Im', entityType: 'Bitrix\\Vote\\Attachment\\ImMessageConnector', entityId: messageId };
    const got = await call(me, 'vote.AttachedVote.get', entity);
    const attach = got.body.result.attach;
    const [questionId, q] = Object.entries(attach.QUESTIONS as Record<string, { ANSWERS: Record<string, unknown> }>)[0]!;
    const answers = Object.keys(q.ANSWERS);
    const ballot = { [questionId]: fieldType === 1 ? answers.slice(0, 2) : [answers[0]] };
    await call(co, 'vote.AttachedVote.vote', { attachId: attach.ID, ballot });
    await call(me, 'vote.AttachedVote.vote', { signedAttachId: attach.signedAttachId, ballot });
    await call(me, 'vote.AttachedVote.getMany', { moduleId: 'im', entityType: entity.entityType, entityId: [messageId] });
    await call(me, 'vote.AttachedVote.getWithVoted', { attachId: attach.ID });
    await call(me, 'vote.AttachedVote.getAnswerVoted', { attachId: attach.ID, answerId: Number(answers[0]) });
    await call(me, 'vote.AttachedVote.recall', entity);
    await call(me, 'vote.AttachedVote.recall', { attachId: String(attach.ID) });
    await call(outsider, 'vote.AttachedVote.recall', { attachId: attach.ID });
    await call(me, 'vote.AttachedVote.stop', { attachId: attach.ID });
    await call(me, 'vote.AttachedVote.recall', { signedAttachId: attach.signedAttachId });
    await call(me, 'vote.AttachedVote.resume', { attachId: attach.ID });
    await call(me, 'im.message.delete', { MESSAGE_ID: messageId });
  }
  await call(me, 'vote.AttachedVote.recall', { attachId: 987654321 });
  await call(me, 'vote.AttachedVote.recall', { signedAttachId: '1.00' });
  await call(me, 'vote.AttachedVote.recall', {});
  await call(me, 'vote.Integration.Im.send', { chatId: Number(chatId), IM_MESSAGE_VOTE_DATA: { QUESTIONS: [] } });
  await call(me, 'vote.NoSuch.method', {});
  await call(me.replace(/\/[^/]+\/$/, '/wrongsecret123/'), 'vote.AttachedVote.get', { attachId: 1 });
  await fetch(`${me}vote.AttachedVote.get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
});

afterAll(() => portal.close());

describe('every response of the reference portal validates against schemas/', () => {
  test('the walk-through saw successes and errors of every method', () => {
    const ok = new Set(seen.filter((r) => r.status === 200).map((r) => r.method && resolveMethod(r.method)));
    expect([...ok].sort()).toEqual([
      'im.message.delete', 'vote.AttachedVote.get', 'vote.AttachedVote.getAnswerVoted', 'vote.AttachedVote.getMany',
      'vote.AttachedVote.getWithVoted', 'vote.AttachedVote.recall', 'vote.AttachedVote.resume', 'vote.AttachedVote.stop',
      'vote.AttachedVote.vote', 'vote.Integration.Im.send',
    ]);
    expect(seen.filter((r) => r.status >= 400).length).toBeGreaterThanOrEqual(8);
  });

  test('each body validates', () => {
    const problems: string[] = [];
    for (const r of seen) {
      const known = r.method !== undefined && r.status !== 404 ? resolveSafely(r.method) : undefined;
      const result = known ? validateResponse(known, r.body) : validateErrorEnvelope(r.body);
      if (!result.ok) problems.push(`${r.method ?? '(no method)'} HTTP ${r.status}\n${renderErrors(result.errors)}`);
      if (r.status >= 400) expect(result.kind, `${r.method} HTTP ${r.status} must be an error envelope`).toBe('error');
    }
    expect(problems).toEqual([]);
  });
});

function resolveSafely(method: string): string | undefined {
  try {
    return resolveMethod(method);
  } catch {
    return undefined;
  }
}
