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
      expect(Array.isArray(deviation.clauses)).toBe(true);
      expect(['fault', 'variant']).toContain(deviation.kind);
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
