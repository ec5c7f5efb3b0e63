import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { IM_CONNECTOR, BLOG_CONNECTOR, PortalStore } from './store';
import type { CallOutcome, Params } from './store';
import { createWorld } from './world';

const SIGNING_KEY = 'test-signing-key';

function setup(options: { extraMembers?: number } = {}) {
  const world = createWorld({ secrets: { signingKey: SIGNING_KEY }, extraMembers: options.extraMembers });
  let clock = Date.UTC(2026, 0, 2, 3, 4, 5);
  const store = new PortalStore(world, { now: () => (clock += 1000) });
  const { participantId: author, covoterId: covoter, outsiderId: outsider } = world;
  const call = (user: number, method: string, params: Params): CallOutcome => store.call(user, method, params);
  const ok = (user: number, method: string, params: Params): any => {
    const outcome = call(user, method, params);
    if (!outcome.ok) throw new Error(`${method} refused: ${JSON.stringify(outcome.error)}`);
    return outcome.result;
  };
  const createPoll = (data: Params = {}, user = author) =>
    ok(user, 'vote.Integration.Im.send', {
      chatId: world.chatId,
      IM_MESSAGE_VOTE_DATA: {
        QUESTIONS: [{ QUESTION: 'Lunch?', ANSWERS: [{ MESSAGE: 'Soup' }, { MESSAGE: 'Salad' }, { MESSAGE: 'Both' }] }],
        OPTIONS: 1,
        ...data,
      },
    }) as { messageId: number; voteId: number };
  const attachOf = (poll: { voteId: number }, user = author) => ok(user, 'vote.AttachedVote.get', { attachId: poll.voteId }).attach;
  const ids = (poll: { voteId: number }) => {
    const attach = attachOf(poll);
    const [questionId] = Object.keys(attach.QUESTIONS);
    const answerIds = Object.keys(attach.QUESTIONS[questionId!].ANSWERS).map(Number);
    return { questionId: Number(questionId), answerIds };
  };
  /** Expects a refusal and that the whole state is untouched by it. */
  const refused = (user: number, method: string, params: Params) => {
    const before = store.snapshot();
    const outcome = call(user, method, params);
    expect(outcome.ok).toBe(false);
    expect(store.snapshot()).toEqual(before);
    return outcome.ok ? undefined! : outcome.error;
  };
  return { world, store, author, covoter, outsider, call, ok, createPoll, attachOf, ids, refused };
}

describe('vote.Integration.Im.send', () => {
  test('creates a poll in the chat and answers messageId and voteId as integers', () => {
    const { createPoll, attachOf } = setup();
    const poll = createPoll();
    expect(Number.isInteger(poll.messageId)).toBe(true);
    expect(Number.isInteger(poll.voteId)).toBe(true);
    const attach = attachOf(poll);
    expect(attach.entityId).toBe(poll.messageId);
    expect(attach.VOTE_ID).toBe(poll.voteId);
    expect(attach.canEdit).toBe(true);
    expect(attach.COUNTER).toBe(0);
    expect(attach.userAnswerMap).toEqual([]);
  });

  test('the same templateId from the same user returns the same ids and creates nothing', () => {
    const { ok, world, author, covoter, store } = setup();
    const params = {
      chatId: world.chatId,
      templateId: 'once',
      IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'Q', ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }] }] },
    };
    const first = ok(author, 'vote.Integration.Im.send', params);
    const before = store.snapshot();
    expect(ok(author, 'vote.Integration.Im.send', params)).toEqual(first);
    expect(store.snapshot()).toEqual(before);
    const other = ok(covoter, 'vote.Integration.Im.send', params);
    expect(other.voteId).not.toBe(first.voteId);
  });

  test.for([
    ['no vote data', {}, '400', 'Please enter a question and answer options'],
    ['no questions', { IM_MESSAGE_VOTE_DATA: { QUESTIONS: [] } }, '400', 'Please enter a question and answer options'],
    [
      'two questions',
      {
        IM_MESSAGE_VOTE_DATA: {
          QUESTIONS: [
            { QUESTION: 'a', ANSWERS: [{ MESSAGE: '1' }, { MESSAGE: '2' }] },
            { QUESTION: 'b', ANSWERS: [{ MESSAGE: '1' }, { MESSAGE: '2' }] },
          ],
        },
      },
      '400',
      'Maximum number of questions: 1',
    ],
    ['one answer', { IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'a', ANSWERS: [{ MESSAGE: '1' }] }] } }, '400', 'Minimum number of answers: 2'],
    [
      'eleven answers',
      { IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'a', ANSWERS: Array.from({ length: 11 }, (_, i) => ({ MESSAGE: `${i}` })) }] } },
      '400',
      'Maximum number of answers: 10',
    ],
  ] as const)('refuses %s with 400', ([, data, code, description]) => {
    const { refused, author, world } = setup();
    const error = refused(author, 'vote.Integration.Im.send', { chatId: world.chatId, ...data });
    expect(error).toEqual({ status: 400, code, description });
  });

  test('ten answers are accepted', () => {
    const { ok, author, world } = setup();
    const answers = Array.from({ length: 10 }, (_, i) => ({ MESSAGE: `option ${i}` }));
    expect(ok(author, 'vote.Integration.Im.send', { chatId: world.chatId, IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'q', ANSWERS: answers }] } }).voteId).toBeTypeOf('number');
  });

  test('a user outside the chat cannot create a poll there', () => {
    const { refused, outsider, world } = setup();
    const error = refused(outsider, 'vote.Integration.Im.send', {
      chatId: world.chatId,
      IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'q', ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }] }] },
    });
    expect(error.status).toBe(403);
  });
});

describe('vote.AttachedVote.vote', () => {
  test('a vote shows in counters, userAnswerMap and flags', () => {
    const { ok, createPoll, ids, covoter, author, attachOf } = setup();
    const poll = createPoll();
    const { questionId, answerIds } = ids(poll);
    const attach = ok(covoter, 'vote.AttachedVote.vote', { attachId: poll.voteId, ballot: { [questionId]: [answerIds[1]] } }).attach;
    expect(attach.COUNTER).toBe(1);
    expect(attach.isVoted).toBe(true);
    expect(attach.canVote).toBe(false);
    expect(attach.canRevote).toBe(true);
    expect(attach.canEdit).toBe(false);
    const entry = attach.userAnswerMap[questionId][answerIds[1]!];
    expect(entry.ANSWER_ID).toBe(String(answerIds[1]));
    expect(Object.keys(entry).sort()).toEqual(['ANSWER_ID', 'EVENT_ID', 'EVENT_QUESTION_ID', 'ID', 'MESSAGE']);
    const seenByAuthor = attachOf(poll, author);
    expect(seenByAuthor.isVoted).toBe(false);
    expect(seenByAuthor.userAnswerMap).toEqual([]);
    expect(seenByAuthor.QUESTIONS[questionId].ANSWERS[answerIds[1]!].COUNTER).toBe(1);
  });

  test('single choice refuses two answers; multiple choice takes them', () => {
    const { refused, ok, createPoll, ids, covoter } = setup();
    const single = createPoll();
    const s = ids(single);
    expect(refused(covoter, 'vote.AttachedVote.vote', { attachId: single.voteId, ballot: { [s.questionId]: s.answerIds.slice(0, 2) } }).status).toBe(400);
    const multi = createPoll({ QUESTIONS: [{ QUESTION: 'Pick', FIELD_TYPE: 1, ANSWERS: [{ MESSAGE: 'x' }, { MESSAGE: 'y' }, { MESSAGE: 'z' }] }] });
    const m = ids(multi);
    const attach = ok(covoter, 'vote.AttachedVote.vote', { attachId: multi.voteId, ballot: { [m.questionId]: m.answerIds.slice(0, 2) } }).attach;
    expect(attach.QUESTIONS[m.questionId].COUNTER).toBe(1);
    expect(attach.QUESTIONS[m.questionId].FIELD_TYPE).toBe('1');
    expect(Object.keys(attach.userAnswerMap[m.questionId]).map(Number)).toEqual(m.answerIds.slice(0, 2));
  });

  test.for([
    ['no ballot', (q: number, a: number[]) => ({})],
    ['an answer of no question', (q: number) => ({ ballot: { [q]: [1] } })],
    ['a question of another poll', (_q: number, a: number[]) => ({ ballot: { 99999: [a[0]] } })],
    ['an empty answer list', (q: number) => ({ ballot: { [q]: [] } })],
    ['a ballot that is a string', () => ({ ballot: 'yes' })],
  ] as const)('refuses %s', ([, make]) => {
    const { refused, createPoll, ids, covoter } = setup();
    const poll = createPoll();
    const { questionId, answerIds } = ids(poll);
    expect(refused(covoter, 'vote.AttachedVote.vote', { attachId: poll.voteId, ...make(questionId, answerIds) }).status).toBe(400);
  });

  test('a second vote replaces the first when OPTIONS=1 and is refused when OPTIONS=0', () => {
    const { ok, refused, createPoll, ids, covoter } = setup();
    const open = createPoll({ OPTIONS: 1 });
    const o = ids(open);
    ok(covoter, 'vote.AttachedVote.vote', { attachId: open.voteId, ballot: { [o.questionId]: [o.answerIds[0]] } });
    const again = ok(covoter, 'vote.AttachedVote.vote', { attachId: open.voteId, ballot: { [o.questionId]: [o.answerIds[2]] } }).attach;
    expect(again.COUNTER).toBe(1);
    expect(again.QUESTIONS[o.questionId].ANSWERS[o.answerIds[0]!].COUNTER).toBe(0);
    expect(again.QUESTIONS[o.questionId].ANSWERS[o.answerIds[2]!].COUNTER).toBe(1);

    const closed = createPoll({ OPTIONS: 0 });
    const c = ids(closed);
    ok(covoter, 'vote.AttachedVote.vote', { attachId: closed.voteId, ballot: { [c.questionId]: [c.answerIds[0]] } });
    expect(refused(covoter, 'vote.AttachedVote.vote', { attachId: closed.voteId, ballot: { [c.questionId]: [c.answerIds[1]] } })).toMatchObject({ status: 400 });
  });

  test('a stopped poll refuses votes with 403', () => {
    const { ok, refused, createPoll, ids, covoter, author } = setup();
    const poll = createPoll();
    const { questionId, answerIds } = ids(poll);
    expect(ok(author, 'vote.AttachedVote.stop', { attachId: poll.voteId })).toEqual([]);
    expect(refused(covoter, 'vote.AttachedVote.vote', { attachId: poll.voteId, ballot: { [questionId]: [answerIds[0]] } })).toMatchObject({ status: 403, code: '403' });
  });
});

describe('counters and percentages', () => {
  test('are derived from ballots: voters, per-question voters, per-answer votes, rounded PERCENT', () => {
    const { ok, createPoll, ids, world } = setup({ extraMembers: 4 });
    const poll = createPoll({ QUESTIONS: [{ QUESTION: 'Pick', FIELD_TYPE: 1, ANSWERS: [{ MESSAGE: 'x' }, { MESSAGE: 'y' }, { MESSAGE: 'z' }] }] });
    const { questionId, answerIds } = ids(poll);
    const [x, y, z] = answerIds as [number, number, number];
    const voters = [...world.chatMembers];
    const picks = [[x], [x, y], [y], [x]];
    picks.forEach((answers, index) => ok(voters[index]!, 'vote.AttachedVote.vote', { attachId: poll.voteId, ballot: { [questionId]: answers } }));
    const attach = ok(voters[5]!, 'vote.AttachedVote.get', { attachId: poll.voteId }).attach;
    const question = attach.QUESTIONS[questionId];
    expect(attach.COUNTER).toBe(4);
    expect(question.COUNTER).toBe(4);
    expect([x, y, z].map((id) => question.ANSWERS[id].COUNTER)).toEqual([3, 2, 0]);
    expect([x, y, z].map((id) => question.ANSWERS[id].PERCENT)).toEqual([75, 50, 0]);
    expect([x, y, z].map((id) => question.ANSWERS[id]['~PERCENT'])).toEqual([75, 50, 0]);
  });

  test('PERCENT rounds to the nearest integer while ~PERCENT keeps the fraction', () => {
    const { ok, createPoll, ids, world } = setup({ extraMembers: 1 });
    const poll = createPoll();
    const { questionId, answerIds } = ids(poll);
    const voters = [...world.chatMembers];
    [0, 1, 1].forEach((choice, index) => ok(voters[index]!, 'vote.AttachedVote.vote', { attachId: poll.voteId, ballot: { [questionId]: [answerIds[choice]] } }));
    const answers = ok(voters[0]!, 'vote.AttachedVote.get', { attachId: poll.voteId }).attach.QUESTIONS[questionId].ANSWERS;
    expect(answers[answerIds[0]!].PERCENT).toBe(33);
    expect(answers[answerIds[1]!].PERCENT).toBe(67);
    expect(answers[answerIds[0]!]['~PERCENT']).toBeCloseTo(100 / 3, 10);
  });
});

describe('vote.AttachedVote.recall', () => {
  function voted() {
    const context = setup();
    const poll = context.createPoll();
    const { questionId, answerIds } = context.ids(poll);
    context.ok(context.author, 'vote.AttachedVote.vote', { attachId: poll.voteId, ballot: { [questionId]: [answerIds[0]] } });
    context.ok(context.covoter, 'vote.AttachedVote.vote', { attachId: poll.voteId, ballot: { [questionId]: [answerIds[0]] } });
    return { ...context, poll, questionId, answerIds };
  }

  test('removes only the caller ballot and resets the caller flags', () => {
    const { ok, poll, covoter, author, questionId, answerIds, attachOf } = voted();
    const attach = ok(covoter, 'vote.AttachedVote.recall', { attachId: poll.voteId }).attach;
    expect(attach.userAnswerMap).toEqual([]);
    expect(attach.isVoted).toBe(false);
    expect(attach.canVote).toBe(true);
    expect(attach.COUNTER).toBe(1);
    expect(attach.QUESTIONS[questionId].ANSWERS[answerIds[0]!].COUNTER).toBe(1);
    expect(attachOf(poll, author).isVoted).toBe(true);
  });

  test('works with each identifier mode', () => {
    const { ok, poll, covoter, questionId, answerIds } = voted();
    const modes: Params[] = [
      { attachId: String(poll.voteId) },
      { moduleId: 'Im', entityType: IM_CONNECTOR, entityId: poll.messageId },
      { moduleId: 'im', entityType: IM_CONNECTOR, entityId: String(poll.messageId) },
      { signedAttachId: `${poll.voteId}.${createHmac('sha256', SIGNING_KEY).update(String(poll.voteId)).digest('hex')}` },
    ];
    for (const mode of modes) {
      expect(ok(covoter, 'vote.AttachedVote.recall', mode).attach.isVoted).toBe(false);
      ok(covoter, 'vote.AttachedVote.vote', { ...mode, ballot: { [questionId]: [answerIds[1]] } });
    }
  });

  test('by someone who has not voted succeeds and changes nothing', () => {
    const context = setup();
    const poll = context.createPoll();
    const before = context.store.snapshot();
    const attach = context.ok(context.covoter, 'vote.AttachedVote.recall', { attachId: poll.voteId }).attach;
    expect(attach.isVoted).toBe(false);
    expect(context.store.snapshot()).toEqual(before);
  });

  test.for([
    ['an unknown attachId', () => ({ attachId: 987654 }), 400, 'ATTACH_NOT_FOUND'],
    ['an unknown entityId', () => ({ moduleId: 'Im', entityType: IM_CONNECTOR, entityId: 987654 }), 400, 'ATTACH_NOT_FOUND'],
    [
      'a validly signed id of no attach',
      () => ({ signedAttachId: `987654.${createHmac('sha256', SIGNING_KEY).update('987654').digest('hex')}` }),
      400,
      'ATTACH_NOT_FOUND',
    ],
    ['a huge attachId', () => ({ attachId: '123456789012345678901234567890' }), 400, 'ATTACH_NOT_FOUND'],
    ['a forged signedAttachId', (p: any) => ({ signedAttachId: `${p.voteId}.${'0'.repeat(64)}` }), 400, 'INVALID_SIGNATURE'],
    ['a signedAttachId without signature', (p: any) => ({ signedAttachId: String(p.voteId) }), 400, '100'],
    ['the blog connector for a chat message', (p: any) => ({ moduleId: 'Im', entityType: BLOG_CONNECTOR, entityId: p.messageId }), 400, 'ATTACH_NOT_FOUND'],
    ['the blog module for a chat message', (p: any) => ({ moduleId: 'blog', entityType: IM_CONNECTOR, entityId: p.messageId }), 400, 'ATTACH_NOT_FOUND'],
    ['two identifier modes', (p: any) => ({ attachId: p.voteId, moduleId: 'Im', entityType: IM_CONNECTOR, entityId: p.messageId }), 400, 'ERROR_ARGUMENT'],
    ['no identifier', () => ({}), 400, '100'],
    ['an incomplete entity triple', (p: any) => ({ moduleId: 'Im', entityId: p.messageId }), 400, '100'],
    ['a non-integer attachId', () => ({ attachId: 'abc' }), 400, '100'],
    ['a fractional attachId', () => ({ attachId: 1.5 }), 400, '100'],
    ['an attachId object', () => ({ attachId: { a: 1 } }), 400, '100'],
  ] as const)('refuses %s', ([, make, status, code]) => {
    const { refused, poll, covoter } = voted();
    expect(refused(covoter, 'vote.AttachedVote.recall', make(poll))).toMatchObject({ status, code });
  });

  test('no identifier is code 100 with the Russian pages\' exact message', () => {
    const { refused, covoter } = voted();
    expect(refused(covoter, 'vote.AttachedVote.recall', {})).toEqual({
      status: 400,
      code: '100',
      description: 'Bitrix\\Vote\\Attach All parameters in the constructor must have real class type',
    });
  });

  test('an outsider gets ATTACH_READ_ACCESS_DENIED', () => {
    const { refused, poll, outsider } = voted();
    expect(refused(outsider, 'vote.AttachedVote.recall', { attachId: poll.voteId })).toMatchObject({ status: 403, code: 'ATTACH_READ_ACCESS_DENIED' });
  });

  test('re-vote disabled (OPTIONS=0) refuses recall', () => {
    const { ok, refused, createPoll, ids, covoter } = setup();
    const poll = createPoll({ OPTIONS: 0 });
    const { questionId, answerIds } = ids(poll);
    ok(covoter, 'vote.AttachedVote.vote', { attachId: poll.voteId, ballot: { [questionId]: [answerIds[0]] } });
    expect(refused(covoter, 'vote.AttachedVote.recall', { attachId: poll.voteId }).status).toBe(400);
  });

  test('a stopped poll refuses recall, and accepts it again after resume', () => {
    const { ok, refused, poll, covoter, author } = voted();
    ok(author, 'vote.AttachedVote.stop', { attachId: poll.voteId });
    expect(refused(covoter, 'vote.AttachedVote.recall', { attachId: poll.voteId })).toMatchObject({ status: 403 });
    ok(author, 'vote.AttachedVote.resume', { signedAttachId: ok(author, 'vote.AttachedVote.get', { attachId: poll.voteId }).attach.signedAttachId });
    expect(ok(covoter, 'vote.AttachedVote.recall', { attachId: poll.voteId }).attach.isVoted).toBe(false);
  });

  test('method names match case-insensitively', () => {
    const { ok, poll, covoter } = voted();
    expect(ok(covoter, 'VOTE.attachedvote.RECALL', { attachId: poll.voteId }).attach.isVoted).toBe(false);
  });
});

describe('reading', () => {
  test('getMany answers items in request order and enforces its limits', () => {
    const { ok, refused, createPoll, covoter, outsider } = setup();
    const a = createPoll();
    const b = createPoll();
    const items = ok(covoter, 'vote.AttachedVote.getMany', { moduleId: 'im', entityType: IM_CONNECTOR, entityId: [b.messageId, a.messageId] }).items;
    expect(items.map((item: any) => item.ID)).toEqual([b.voteId, a.voteId]);
    const tooMany = Array.from({ length: 51 }, () => a.messageId);
    expect(refused(covoter, 'vote.AttachedVote.getMany', { moduleId: 'im', entityType: IM_CONNECTOR, entityId: tooMany })).toEqual({ status: 400, code: '', description: 'Too many entity ids' });
    expect(refused(covoter, 'vote.AttachedVote.getMany', { moduleId: 'im', entityType: IM_CONNECTOR, entityId: [a.messageId, 424242] }).description).toBe('Attach with entityId 424242 not found');
    expect(refused(outsider, 'vote.AttachedVote.getMany', { moduleId: 'im', entityType: IM_CONNECTOR, entityId: [a.messageId] }).description).toContain('read access denied');
  });

  test('getWithVoted lists voters per answer for public polls and hides them for anonymous ones', () => {
    const { ok, createPoll, ids, covoter, author, world } = setup();
    const open = createPoll({ ANONYMITY: 0 });
    const o = ids(open);
    ok(covoter, 'vote.AttachedVote.vote', { attachId: open.voteId, ballot: { [o.questionId]: [o.answerIds[2]] } });
    const result = ok(author, 'vote.AttachedVote.getWithVoted', { attachId: open.voteId });
    const covoterUser = world.users.find((user) => user.id === covoter)!;
    expect(result.voted).toEqual({ [o.answerIds[2]!]: [{ ID: covoter, NAME: covoterUser.name, IMAGE: '', WORK_POSITION: covoterUser.workPosition }] });

    const secret = createPoll({ ANONYMITY: 1 });
    const s = ids(secret);
    ok(covoter, 'vote.AttachedVote.vote', { attachId: secret.voteId, ballot: { [s.questionId]: [s.answerIds[0]] } });
    expect(ok(author, 'vote.AttachedVote.getWithVoted', { attachId: secret.voteId }).voted).toEqual([]);
  });

  test('getAnswerVoted pages voters and reports total at the top level', () => {
    const context = setup({ extraMembers: 3 });
    const poll = context.createPoll();
    const { questionId, answerIds } = context.ids(poll);
    const voters = [...context.world.chatMembers];
    for (const voter of voters) context.ok(voter, 'vote.AttachedVote.vote', { attachId: poll.voteId, ballot: { [questionId]: [answerIds[0]] } });
    const outcome = context.call(context.author, 'vote.AttachedVote.getAnswerVoted', { attachId: poll.voteId, answerId: answerIds[0], pageNavigation: { size: 2, page: 2 } });
    expect(outcome).toMatchObject({ ok: true, topLevel: { total: voters.length } });
    const items = (outcome as any).result.items;
    expect(items.map((item: any) => item.ID)).toEqual(voters.slice(2, 4));
    expect(context.refused(context.author, 'vote.AttachedVote.getAnswerVoted', { attachId: poll.voteId, answerId: 1 }).status).toBe(400);
  });
});

describe('stop, resume and delete', () => {
  test('only the author may stop or resume', () => {
    const { ok, refused, createPoll, covoter, author, attachOf } = setup();
    const poll = createPoll();
    expect(refused(covoter, 'vote.AttachedVote.stop', { attachId: poll.voteId }).status).toBe(403);
    ok(author, 'vote.AttachedVote.stop', { attachId: poll.voteId });
    expect(attachOf(poll, covoter)).toMatchObject({ isFinished: true, canVote: false, canRevote: false });
    expect(refused(covoter, 'vote.AttachedVote.resume', { attachId: poll.voteId }).status).toBe(403);
    expect(ok(author, 'vote.AttachedVote.resume', { attachId: poll.voteId })).toEqual([]);
    expect(attachOf(poll, covoter).isFinished).toBe(false);
  });

  test('im.message.delete removes the poll; only the author may delete', () => {
    const { ok, refused, createPoll, covoter, author } = setup();
    const poll = createPoll();
    expect(refused(covoter, 'im.message.delete', { MESSAGE_ID: poll.messageId })).toMatchObject({ status: 403, code: 'CANT_EDIT_MESSAGE' });
    expect(refused(author, 'im.message.delete', {})).toMatchObject({ status: 400, code: 'MESSAGE_ID_ERROR' });
    expect(refused(author, 'im.message.delete', { MESSAGE_ID: 'x' })).toMatchObject({ status: 400, code: 'MESSAGE_ID_ERROR' });
    expect(ok(author, 'im.message.delete', { MESSAGE_ID: poll.messageId })).toBe(true);
    expect(refused(author, 'vote.AttachedVote.get', { attachId: poll.voteId })).toMatchObject({ code: 'ATTACH_NOT_FOUND' });
    expect(refused(author, 'vote.AttachedVote.get', { moduleId: 'Im', entityType: IM_CONNECTOR, entityId: poll.messageId })).toMatchObject({ code: 'ATTACH_NOT_FOUND' });
  });

  test('an unknown method is refused with 404 ERROR_METHOD_NOT_FOUND', () => {
    const { refused, author } = setup();
    expect(refused(author, 'vote.AttachedVote.nothing', {})).toMatchObject({ status: 404, code: 'ERROR_METHOD_NOT_FOUND' });
  });
});
