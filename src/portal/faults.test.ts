import { describe, expect, test } from 'vitest';
import { DEVIATIONS, hooksFor } from './faults';
import { startPortal } from './index';
import { LeakyBucket } from './ratelimit';
import { PortalStore } from './store';
import { createWorld } from './world';

/** A poll with the co-voter's ballot withdrawn and the author's ballot still in, under `faults`. */
function afterRecall(faults: string[], options = 1) {
  const world = createWorld({ extraMembers: 1 });
  const store = new PortalStore(world, { hooks: hooksFor(faults) });
  const send = store.call(world.participantId, 'vote.Integration.Im.send', {
    chatId: world.chatId,
    IM_MESSAGE_VOTE_DATA: { OPTIONS: options, QUESTIONS: [{ QUESTION: 'q', ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }] }] },
  });
  if (!send.ok) throw new Error('send refused');
  const { voteId } = send.result as { voteId: number };
  const poll = store.poll(voteId)!;
  const question = poll.questions[0]!;
  const ballot = { [question.id]: [question.answers[0]!.id] };
  const vote = (user: number) => store.call(user, 'vote.AttachedVote.vote', { attachId: voteId, ballot });
  vote(world.participantId);
  vote(world.covoterId);
  const recall = store.call(world.covoterId, 'vote.AttachedVote.recall', { attachId: voteId });
  const view = (user: number) => {
    const outcome = store.call(user, 'vote.AttachedVote.get', { attachId: voteId });
    return outcome.ok ? (outcome.result as any).attach : undefined;
  };
  return { world, store, voteId, recall, view, vote };
}

describe('the catalogue', () => {
  test('names are unique and every entry says what it changes', () => {
    const names = DEVIATIONS.map((deviation) => deviation.name);
    expect(new Set(names).size).toBe(names.length);
    for (const deviation of DEVIATIONS) {
      expect(deviation.description.length).toBeGreaterThan(10);
    }
  });

  test('an unknown name is a configuration error naming the known ones', () => {
    expect(() => hooksFor(['no-such-fault'])).toThrow(/unknown fault "no-such-fault" \(known: counters-not-decremented/);
  });
});

describe('faults change what the faithful portal does', () => {
  test('faithful baseline: one voter left, recall by the co-voter cleared only their state', () => {
    const { view, world, recall } = afterRecall([]);
    expect(recall.ok).toBe(true);
    expect(view(world.covoterId)).toMatchObject({ COUNTER: 1, isVoted: false, canVote: true });
    expect(view(world.participantId)).toMatchObject({ COUNTER: 1, isVoted: true });
  });

  test('counters-not-decremented keeps the withdrawn ballot in the counters', () => {
    const { view, world } = afterRecall(['counters-not-decremented']);
    expect(view(world.covoterId)).toMatchObject({ COUNTER: 2, isVoted: false });
  });

  test('isvoted-stale leaves isVoted true for the recaller', () => {
    const { view, world } = afterRecall(['isvoted-stale']);
    expect(view(world.covoterId)).toMatchObject({ COUNTER: 1, isVoted: true, canVote: false });
  });

  test('recall-removes-all-ballots also removes the author ballot', () => {
    const { view, world } = afterRecall(['recall-removes-all-ballots']);
    expect(view(world.participantId)).toMatchObject({ COUNTER: 0, isVoted: false });
  });

  test('revote-check-ignored lets recall through in an OPTIONS=0 poll', () => {
    expect(afterRecall([], 0).recall.ok).toBe(false);
    expect(afterRecall(['revote-check-ignored'], 0).recall.ok).toBe(true);
  });

  test('wrong-error-status and time-missing change the HTTP answer', async () => {
    const portal = await startPortal({ faults: ['wrong-error-status', 'time-missing'] });
    try {
      const missing = await fetch(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get?attachId=1`);
      expect(missing.status).toBe(200);
      expect(await missing.json()).toMatchObject({ error: 'ATTACH_NOT_FOUND' });
      const denied = await fetch(`${portal.env.B24_WEBHOOK_URL.replace(/\/[a-z0-9]+\/$/, '/bad/')}vote.AttachedVote.get?attachId=1`);
      expect(denied.status).toBe(401);
      const sent = await fetch(`${portal.env.B24_WEBHOOK_URL}vote.Integration.Im.send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chatId: 27, IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'q', ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }] }] } }),
      });
      const body = (await sent.json()) as any;
      expect(body.result.voteId).toBeTypeOf('number');
      expect(body).not.toHaveProperty('time');
    } finally {
      await portal.close();
    }
  });
});

describe('faithful variants', () => {
  test('string-counters renders question and answer counters as numeric strings', () => {
    const { view, world } = afterRecall(['string-counters']);
    const attach = view(world.participantId);
    const question = Object.values(attach.QUESTIONS)[0] as any;
    expect(attach.COUNTER).toBe(1);
    expect(question.COUNTER).toBe('1');
    expect((Object.values(question.ANSWERS) as any[]).map((answer) => answer.COUNTER)).toEqual(['1', '0']);
  });

  test('variants stack: extra-fields on top of string-counters', () => {
    const { view, world } = afterRecall(['string-counters', 'extra-fields']);
    const attach = view(world.participantId);
    expect(attach.AUTHOR_ID).toBe(world.participantId);
    expect((Object.values(attach.QUESTIONS)[0] as any).COUNTER).toBe('1');
  });

  test('revote-disabled-forbidden swaps the refusal code only', () => {
    const { recall } = afterRecall(['revote-disabled-forbidden'], 0);
    expect(recall).toMatchObject({ ok: false, error: { status: 403, code: 'ACCESS_DENIED' } });
  });

  test('recall-without-vote-refused refuses a recall by a non-voter', () => {
    const { store, voteId, world } = afterRecall(['recall-without-vote-refused']);
    const outcome = store.call(world.covoterId, 'vote.AttachedVote.recall', { attachId: voteId });
    expect(outcome).toMatchObject({ ok: false, error: { status: 400 } });
  });

  test('no-operating-time drops the operating members; random-query-limit refuses some calls', async () => {
    const portal = await startPortal({ faults: ['no-operating-time', 'random-query-limit'], seed: 3 });
    try {
      const statuses: number[] = [];
      let time: Record<string, unknown> | undefined;
      for (let i = 0; i < 60; i += 1) {
        const response = await fetch(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.stop?attachId=1`);
        statuses.push(response.status);
        const body = (await response.json()) as any;
        if (response.status === 503) expect(body.error).toBe('QUERY_LIMIT_EXCEEDED');
      }
      for (let attempt = 0; attempt < 10 && !time; attempt += 1) {
        const sent = await fetch(`${portal.env.B24_WEBHOOK_URL}vote.Integration.Im.send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chatId: 27, IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'q', ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }] }] } }),
        });
        if (sent.status === 200) time = ((await sent.json()) as any).time;
      }
      expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
      expect(statuses.filter((status) => status === 400).length).toBeGreaterThan(30);
      expect(Object.keys(time ?? {}).sort()).toEqual(['date_finish', 'date_start', 'duration', 'finish', 'processing', 'start']);
    } finally {
      await portal.close();
    }
  });
});

describe('LeakyBucket', () => {
  test('allows the burst, refuses past it, and drains by the rate per second', () => {
    let clock = 0;
    const bucket = new LeakyBucket({ burst: 2, drainPerSecond: 1 }, () => clock);
    expect([bucket.take('a'), bucket.take('a'), bucket.take('a')]).toEqual([true, true, false]);
    expect(bucket.take('b')).toBe(true);
    clock += 999;
    expect(bucket.take('a')).toBe(false);
    clock += 1;
    expect(bucket.take('a')).toBe(true);
    expect(bucket.take('a')).toBe(false);
  });

  test('rejects a configuration that could never admit a request', () => {
    expect(() => new LeakyBucket({ burst: 0, drainPerSecond: 1 })).toThrow(/burst/);
  });
});

/** A fresh store under `faults` with one single-choice poll (answers a, b) that the participant voted a in. */
function votedPoll(faults: string[], options: 0 | 1 = 1) {
  const world = createWorld({ extraMembers: 1 });
  const store = new PortalStore(world, { hooks: hooksFor(faults) });
  const send = store.call(world.participantId, 'vote.Integration.Im.send', {
    chatId: world.chatId,
    IM_MESSAGE_VOTE_DATA: { OPTIONS: options, QUESTIONS: [{ QUESTION: 'q', FIELD_TYPE: 1, ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }, { MESSAGE: 'c' }] }] },
  });
  if (!send.ok) throw new Error('send refused');
  const { voteId, messageId } = send.result as { voteId: number; messageId: number };
  const poll = store.poll(voteId)!;
  const question = poll.questions[0]!;
  const [a, b, c] = question.answers.map((answer) => answer.id);
  const vote = (user: number, answers: number[]) => store.call(user, 'vote.AttachedVote.vote', { attachId: voteId, ballot: { [question.id]: answers } });
  const recall = (user: number, params: Record<string, unknown> = { attachId: voteId }) => store.call(user, 'vote.AttachedVote.recall', params);
  const view = (user: number = world.participantId): any => {
    const outcome = store.call(user, 'vote.AttachedVote.get', { attachId: voteId });
    return outcome.ok ? (outcome.result as any).attach : undefined;
  };
  const answer = (attach: any, id: number) => attach.QUESTIONS[String(question.id)].ANSWERS[String(id)];
  vote(world.participantId, [a!]);
  return { world, store, poll, voteId, messageId, question, a: a!, b: b!, c: c!, vote, recall, view, answer };
}

describe('counter faults', () => {
  test('counters-decremented-twice takes two off every counter the ballot touched', () => {
    const p = votedPoll(['counters-decremented-twice']);
    p.vote(p.world.covoterId, [p.a]);
    p.recall(p.world.participantId);
    const attach = p.view();
    expect(attach.COUNTER).toBe(0);
    expect(p.answer(attach, p.a).COUNTER).toBe(0);
    expect(votedPoll([]).view().COUNTER).toBe(1);
  });

  test('only-attach-counter-decremented and answer-counters-not-decremented keep the withdrawn ballot below the attach', () => {
    const onlyAttach = votedPoll(['only-attach-counter-decremented']);
    onlyAttach.recall(onlyAttach.world.participantId);
    const first = onlyAttach.view();
    expect([first.COUNTER, Object.values(first.QUESTIONS as Record<string, any>)[0].COUNTER, onlyAttach.answer(first, onlyAttach.a).COUNTER]).toEqual([0, 1, 1]);
    const answersOnly = votedPoll(['answer-counters-not-decremented']);
    answersOnly.recall(answersOnly.world.participantId);
    const second = answersOnly.view();
    expect([second.COUNTER, Object.values(second.QUESTIONS as Record<string, any>)[0].COUNTER, answersOnly.answer(second, answersOnly.a).COUNTER]).toEqual([0, 0, 1]);
  });

  test('counter-below-zero: each recall with nothing to withdraw takes one more off the attach COUNTER', () => {
    const p = votedPoll(['counter-below-zero']);
    p.recall(p.world.participantId);
    p.recall(p.world.participantId);
    p.recall(p.world.covoterId);
    expect(p.view().COUNTER).toBe(-2);
  });

  test('percent-stale keeps the PERCENT of the withdrawn ballot while the counters fall', () => {
    const p = votedPoll(['percent-stale']);
    p.vote(p.world.covoterId, [p.b]);
    p.recall(p.world.participantId);
    const attach = p.view();
    expect(p.answer(attach, p.a)).toMatchObject({ COUNTER: 0, PERCENT: 50 });
    expect(p.answer(attach, p.b)).toMatchObject({ COUNTER: 1, PERCENT: 50 });
  });
});

describe('state and flag faults', () => {
  test('recall-not-persisted answers "withdrawn" but the next get still shows the vote', () => {
    const p = votedPoll(['recall-not-persisted']);
    const outcome = p.recall(p.world.participantId) as any;
    expect(outcome.result.attach).toMatchObject({ isVoted: false, COUNTER: 0 });
    expect(p.view()).toMatchObject({ isVoted: true, COUNTER: 1 });
  });

  test('stale-response answers with the attach from before the recall, which did happen', () => {
    const p = votedPoll(['stale-response']);
    const outcome = p.recall(p.world.participantId) as any;
    expect(outcome.result.attach).toMatchObject({ isVoted: true, COUNTER: 1 });
    expect(p.view()).toMatchObject({ isVoted: false, COUNTER: 0 });
  });

  test('wrong-poll-returned answers with the next attach id', () => {
    const p = votedPoll(['wrong-poll-returned']);
    const outcome = p.recall(p.world.participantId) as any;
    expect(outcome.result.attach.ID).toBe(p.voteId + 1);
    expect(outcome.result.attach.signedAttachId).toBe(p.store.signAttachId(p.voteId + 1));
  });

  test('multiple-choice-partly-withdrawn keeps all but the first answer of the ballot', () => {
    const p = votedPoll(['multiple-choice-partly-withdrawn']);
    p.vote(p.world.participantId, [p.a, p.c]);
    p.recall(p.world.participantId);
    const attach = p.view();
    expect(attach).toMatchObject({ COUNTER: 1, isVoted: true });
    expect([p.answer(attach, p.a).COUNTER, p.answer(attach, p.c).COUNTER]).toEqual([0, 1]);
  });

  test('canvote-stale and useranswermap-stale leave one flag each behind', () => {
    const canVote = votedPoll(['canvote-stale']);
    canVote.recall(canVote.world.participantId);
    expect(canVote.view()).toMatchObject({ isVoted: false, canVote: false, userAnswerMap: [] });
    const map = votedPoll(['useranswermap-stale']);
    map.recall(map.world.participantId);
    const attach = map.view();
    expect(attach).toMatchObject({ isVoted: false, canVote: true });
    expect(Object.keys(attach.userAnswerMap[String(map.question.id)])).toEqual([String(map.a)]);
  });

  test('getwithvoted-stale and getanswervoted-stale still list the recaller; counters are right', () => {
    for (const [fault, method] of [['getwithvoted-stale', 'vote.AttachedVote.getWithVoted'], ['getanswervoted-stale', 'vote.AttachedVote.getAnswerVoted']] as const) {
      const p = votedPoll([fault]);
      p.recall(p.world.participantId);
      const outcome = p.store.call(p.world.participantId, method, { attachId: p.voteId, answerId: p.a }) as any;
      expect(JSON.stringify(outcome.result), fault).toContain(`"ID":${p.world.participantId}`);
      expect(p.view()).toMatchObject({ COUNTER: 0, isVoted: false });
      const faithful = votedPoll([]);
      faithful.recall(faithful.world.participantId);
      expect(JSON.stringify((faithful.store.call(faithful.world.participantId, method, { attachId: faithful.voteId, answerId: faithful.a }) as any).result)).not.toContain(`"ID":${faithful.world.participantId}`);
    }
  });
});

describe('refusal and identifier faults', () => {
  test('outsider-access-ignored and stopped-poll-recall-allowed carry out what the faithful portal refuses', () => {
    const faithful = votedPoll([]);
    expect(faithful.recall(faithful.world.outsiderId)).toMatchObject({ ok: false, error: { code: 'ATTACH_READ_ACCESS_DENIED' } });
    const outsider = votedPoll(['outsider-access-ignored']);
    expect(outsider.recall(outsider.world.outsiderId).ok).toBe(true);
    expect(outsider.world.chatMembers.has(outsider.world.outsiderId)).toBe(false);

    const stopped = votedPoll(['stopped-poll-recall-allowed']);
    stopped.store.call(stopped.world.participantId, 'vote.AttachedVote.stop', { attachId: stopped.voteId });
    expect(stopped.recall(stopped.world.participantId).ok).toBe(true);
    expect(stopped.view()).toMatchObject({ isVoted: false, isFinished: true });
  });

  test('revote-refusal-still-withdraws and stopped-refusal-still-withdraws refuse, yet the ballot is gone', () => {
    const revote = votedPoll(['revote-refusal-still-withdraws'], 0);
    expect(revote.recall(revote.world.participantId)).toMatchObject({ ok: false, error: { status: 400 } });
    expect(revote.view()).toMatchObject({ isVoted: false, COUNTER: 0 });
    const stopped = votedPoll(['stopped-refusal-still-withdraws']);
    stopped.store.call(stopped.world.participantId, 'vote.AttachedVote.stop', { attachId: stopped.voteId });
    expect(stopped.recall(stopped.world.participantId)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(stopped.view()).toMatchObject({ isVoted: false, COUNTER: 0 });
  });

  test('signature-not-checked, entity-type-ignored and string-attach-id-rejected change how the poll is named', () => {
    const signed = votedPoll(['signature-not-checked']);
    expect(signed.recall(signed.world.participantId, { signedAttachId: `${signed.voteId}.${'0'.repeat(64)}` }).ok).toBe(true);
    const entity = votedPoll(['entity-type-ignored']);
    expect(entity.recall(entity.world.participantId, { moduleId: 'blog', entityType: 'Bitrix\\Vote\\Attachment\\BlogPostConnector', entityId: entity.messageId }).ok).toBe(true);
    const strict = votedPoll(['string-attach-id-rejected']);
    expect(strict.recall(strict.world.participantId, { attachId: String(strict.voteId) })).toMatchObject({ ok: false, error: { code: 'ERROR_ARGUMENT' } });
    expect(strict.recall(strict.world.participantId, { attachId: strict.voteId }).ok).toBe(true);
  });
});

describe('faults on the wire', () => {
  async function withPortal(faults: string[], body: (portal: Awaited<ReturnType<typeof startPortal>>) => Promise<void>) {
    const portal = await startPortal({ faults });
    try {
      await body(portal);
    } finally {
      await portal.close();
    }
  }
  const missing = (base: string, init?: RequestInit) => fetch(`${base}vote.AttachedVote.get?attachId=1`, init);

  test('content-type-html, error-without-description and time-partial change the answer, not the state', async () => {
    await withPortal(['content-type-html', 'error-without-description', 'time-partial'], async (portal) => {
      const response = await missing(portal.env.B24_WEBHOOK_URL);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.json()).toEqual({ error: 'ATTACH_NOT_FOUND' });
      const stop = await fetch(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.stop?attachId=1`);
      expect(stop.status).toBe(400);
    });
  });

  test('webhook-secret-ignored and oauth-token-ignored let wrong credentials in', async () => {
    await withPortal(['webhook-secret-ignored', 'oauth-token-ignored'], async (portal) => {
      const wrongSecret = portal.env.B24_WEBHOOK_URL.replace(/\/[^/]+\/$/, '/wrongsecret/');
      expect((await missing(wrongSecret)).status).toBe(400);
      expect((await fetch(`${portal.env.B24_OAUTH_REST_URL}vote.AttachedVote.get?attachId=1&auth=bogus`)).status).toBe(400);
      expect((await missing(portal.env.B24_WEBHOOK_URL.replace(/\/rest\/\d+\//, '/rest/999999/'))).status).toBe(401);
    });
    await withPortal([], async (portal) => {
      expect((await missing(portal.env.B24_WEBHOOK_URL.replace(/\/[^/]+\/$/, '/wrongsecret/'))).status).toBe(401);
    });
  });

  test('form-not-supported and query-not-supported drop those parameters', async () => {
    await withPortal(['form-not-supported', 'query-not-supported'], async (portal) => {
      const form = await fetch(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'attachId=1' });
      expect(await form.json()).toMatchObject({ error: '100' });
      expect(await (await missing(portal.env.B24_WEBHOOK_URL)).json()).toMatchObject({ error: '100' });
      const json = await fetch(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"attachId":1}' });
      expect(await json.json()).toMatchObject({ error: 'ATTACH_NOT_FOUND' });
    });
  });

  test('recall-crashes-500 applies the recall, then answers 500', async () => {
    await withPortal(['recall-crashes-500'], async (portal) => {
      const url = portal.env.B24_WEBHOOK_URL;
      const post = (method: string, body: unknown) => fetch(`${url}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const sent = (await (await post('vote.Integration.Im.send', { chatId: Number(portal.env.B24_CHAT_ID), IM_MESSAGE_VOTE_DATA: { OPTIONS: 1, QUESTIONS: [{ QUESTION: 'q', ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }] }] } })).json()) as any;
      const poll = portal.store.poll(sent.result.voteId)!;
      await post('vote.AttachedVote.vote', { attachId: poll.attachId, ballot: { [poll.questions[0]!.id]: [poll.questions[0]!.answers[0]!.id] } });
      const recall = await post('vote.AttachedVote.recall', { attachId: poll.attachId });
      expect(recall.status).toBe(500);
      expect(await recall.json()).toMatchObject({ error: 'INTERNAL_SERVER_ERROR' });
      expect(poll.ballots.size).toBe(0);
    });
  });
});

describe('identifier, deleted-poll, life-cycle and race faults', () => {
  test('no-identifier-error-argument and no-identifier-matches-every-poll', () => {
    const argument = votedPoll(['no-identifier-error-argument']);
    expect(argument.recall(argument.world.participantId, {})).toMatchObject({ ok: false, error: { code: 'ERROR_ARGUMENT' } });
    const every = votedPoll(['no-identifier-matches-every-poll']);
    expect(every.recall(every.world.participantId, {})).toMatchObject({ ok: false, error: { code: '100' } });
    expect(every.view().isVoted).toBe(false);
  });

  test('lenient-identifier-parsing recalls on the poll a malformed identifier wraps', () => {
    for (const params of [(p: ReturnType<typeof votedPoll>) => ({ attachId: `[${p.voteId}]` }), (p: ReturnType<typeof votedPoll>) => ({ signedAttachId: `[${p.voteId}]` })]) {
      const p = votedPoll(['lenient-identifier-parsing']);
      expect(p.recall(p.world.participantId, params(p)).ok).toBe(true);
      expect(p.view().isVoted).toBe(false);
    }
    const faithful = votedPoll([]);
    expect(faithful.recall(faithful.world.participantId, { attachId: `[${faithful.voteId}]` })).toMatchObject({ ok: false, error: { code: '100' } });
  });

  test('message-delete-keeps-poll and recall-resurrects-deleted-poll', () => {
    const kept = votedPoll(['message-delete-keeps-poll']);
    expect(kept.store.call(kept.world.participantId, 'im.message.delete', { MESSAGE_ID: kept.messageId }).ok).toBe(true);
    expect(kept.recall(kept.world.participantId).ok).toBe(true);
    const back = votedPoll(['recall-resurrects-deleted-poll']);
    expect(back.store.call(back.world.participantId, 'im.message.delete', { MESSAGE_ID: back.messageId }).ok).toBe(true);
    expect(back.view()).toBeUndefined();
    expect(back.recall(back.world.participantId)).toMatchObject({ ok: false, error: { code: 'ATTACH_NOT_FOUND' } });
    expect(back.view()).toMatchObject({ ID: back.voteId });
  });

  test('resume-keeps-recall-closed refuses a recall after resume', () => {
    const p = votedPoll(['resume-keeps-recall-closed']);
    const author = p.world.participantId;
    expect(p.store.call(author, 'vote.AttachedVote.stop', { attachId: p.voteId }).ok).toBe(true);
    expect(p.store.call(author, 'vote.AttachedVote.resume', { attachId: p.voteId }).ok).toBe(true);
    expect(p.recall(author)).toMatchObject({ ok: false, error: { code: '403' } });
    const faithful = votedPoll([]);
    faithful.store.call(author, 'vote.AttachedVote.stop', { attachId: faithful.voteId });
    faithful.store.call(author, 'vote.AttachedVote.resume', { attachId: faithful.voteId });
    expect(faithful.recall(author).ok).toBe(true);
  });

  test('anonymous-recall-ignored withdraws nothing in an anonymous poll only', () => {
    const p = votedPoll(['anonymous-recall-ignored']);
    p.poll.anonymity = 1;
    expect(p.recall(p.world.participantId).ok).toBe(true);
    expect(p.view().isVoted).toBe(true);
    const open = votedPoll(['anonymous-recall-ignored']);
    open.recall(open.world.participantId);
    expect(open.view().isVoted).toBe(false);
  });

  test('recall-restores-previous-ballot brings the first ballot back after a changed vote', () => {
    const p = votedPoll(['recall-restores-previous-ballot']);
    p.vote(p.world.participantId, [p.b]);
    expect(p.recall(p.world.participantId).ok).toBe(true);
    expect(p.view().isVoted).toBe(true);
    expect(p.answer(p.view(), p.a).COUNTER).toBe(1);
  });

  test('access-checked-for-attach-id-only lets an outsider in by entity or signed ID', () => {
    const p = votedPoll(['access-checked-for-attach-id-only']);
    expect(p.recall(p.world.outsiderId)).toMatchObject({ ok: false, error: { code: 'ATTACH_READ_ACCESS_DENIED' } });
    expect(p.recall(p.world.outsiderId, { signedAttachId: p.store.signAttachId(p.voteId) }).ok).toBe(true);
    expect(p.world.chatMembers.has(p.world.outsiderId)).toBe(false);
  });

  test('signature-prefix-accepted and signature-not-bound-to-id', () => {
    const prefix = votedPoll(['signature-prefix-accepted']);
    const signed = prefix.store.signAttachId(prefix.voteId);
    expect(prefix.recall(prefix.world.participantId, { signedAttachId: signed.slice(0, signed.length - 32) }).ok).toBe(true);
    const unbound = votedPoll(['signature-not-bound-to-id']);
    const other = unbound.store.call(unbound.world.participantId, 'vote.Integration.Im.send', {
      chatId: unbound.world.chatId,
      IM_MESSAGE_VOTE_DATA: { OPTIONS: 1, QUESTIONS: [{ QUESTION: 'q2', ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }] }] },
    });
    const otherSigned = unbound.store.signAttachId((other as { result: { voteId: number } }).result.voteId);
    const borrowed = `${unbound.voteId}.${otherSigned.split('.')[1]}`;
    expect(unbound.recall(unbound.world.participantId, { signedAttachId: borrowed }).ok).toBe(true);
    const faithful = votedPoll([]);
    const own = faithful.store.signAttachId(faithful.voteId);
    expect(faithful.recall(faithful.world.participantId, { signedAttachId: own.slice(0, own.length - 32) })).toMatchObject({ ok: false, error: { code: 'INVALID_SIGNATURE' } });
  });

  test('back-to-back-recalls-withdraw-twice: two recalls in a row take two off; a get between them resets it', () => {
    const p = votedPoll(['back-to-back-recalls-withdraw-twice']);
    p.recall(p.world.participantId);
    p.recall(p.world.participantId);
    expect(p.view().COUNTER).toBe(-1);
    const q = votedPoll(['back-to-back-recalls-withdraw-twice']);
    q.recall(q.world.participantId);
    q.view();
    q.recall(q.world.participantId);
    expect(q.view().COUNTER).toBe(0);
  });
});
