import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPortal } from './index';
import type { ObservedResponse, RunningPortal } from './index';

const CONNECTOR = 'Bitrix\\Vote\\Attachment\\ImMessageConnector';
const TIME_KEYS = ['date_finish', 'date_start', 'duration', 'finish', 'operating', 'operating_reset_at', 'processing', 'start'];

interface Answer {
  status: number;
  contentType: string | null;
  json: any;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  return { status: response.status, contentType: response.headers.get('content-type'), json: await response.json() };
}

const postJson = (url: string, body: unknown) =>
  call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const postForm = (url: string, body: string) =>
  call(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

function multipart(fields: Array<[string, string]>): { body: string; type: string } {
  const boundary = 'portal-test-boundary';
  const body = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

async function createPoll(portal: RunningPortal, options = 1, anonymity = 0) {
  const answer = await postJson(`${portal.env.B24_WEBHOOK_URL}vote.Integration.Im.send`, {
    chatId: Number(portal.env.B24_CHAT_ID),
    IM_MESSAGE_VOTE_DATA: {
      QUESTIONS: [{ QUESTION: 'Где обедаем? 🍲', ANSWERS: [{ MESSAGE: 'Здесь' }, { MESSAGE: 'Там' }, { MESSAGE: '家' }] }],
      OPTIONS: options,
      ANONYMITY: anonymity,
    },
  });
  expect(answer.status).toBe(200);
  const { messageId, voteId } = answer.json.result;
  const got = await postJson(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get`, { attachId: voteId });
  const question = Object.values(got.json.result.attach.QUESTIONS)[0] as any;
  return { messageId, voteId, questionId: Number(question.ID), answerIds: Object.keys(question.ANSWERS).map(Number), attach: got.json.result.attach };
}

describe('reference portal over HTTP', () => {
  let portal: RunningPortal;
  const observed: ObservedResponse[] = [];
  beforeAll(async () => {
    portal = await startPortal({ observe: (response) => observed.push(response) });
  });
  afterAll(() => portal.close());

  test('every encoding carries a ballot and identifiers', async () => {
    const poll = await createPoll(portal);
    const covoter = portal.env.B24_COVOTER_WEBHOOK_URL;
    const [q, [a0, a1]] = [poll.questionId, poll.answerIds] as [number, number[]];
    const encodings: Array<[string, () => Promise<Answer>]> = [
      ['json', () => postJson(`${covoter}vote.AttachedVote.vote`, { attachId: poll.voteId, ballot: { [q]: [a0] } })],
      ['form', () => postForm(`${covoter}vote.AttachedVote.vote`, `attachId=${poll.voteId}&ballot%5B${q}%5D%5B%5D=${a1}`)],
      [
        'multipart',
        () => {
          const { body, type } = multipart([
            ['moduleId', 'Im'],
            ['entityType', CONNECTOR],
            ['entityId', String(poll.messageId)],
            [`ballot[${q}][]`, String(a0)],
          ]);
          return call(`${covoter}vote.AttachedVote.vote`, { method: 'POST', headers: { 'content-type': type }, body });
        },
      ],
      ['query', () => call(`${covoter}vote.AttachedVote.vote?signedAttachId=${encodeURIComponent(poll.attach.signedAttachId)}&ballot[${q}][]=${a1}`)],
    ];
    for (const [name, send] of encodings) {
      const answer = await send();
      expect(answer.status, name).toBe(200);
      const chosen = Object.keys(answer.json.result.attach.userAnswerMap[q]).map(Number);
      expect(chosen, name).toEqual([name === 'form' || name === 'query' ? a1 : a0]);
      expect(answer.json.result.attach.COUNTER, name).toBe(1);
    }
  });

  test('OAuth works with auth in the body or the query, a .json suffix and any letter case', async () => {
    const poll = await createPoll(portal);
    const rest = portal.env.B24_OAUTH_REST_URL;
    const token = portal.env.B24_OAUTH_TOKEN;
    const inBody = await postJson(`${rest}vote.AttachedVote.get`, { attachId: poll.voteId, auth: token });
    const inQuery = await postForm(`${rest}VOTE.ATTACHEDVOTE.GET.json?auth=${token}`, `attachId=${poll.voteId}`);
    const byGet = await call(`${rest}vote.attachedvote.get?auth=${token}&attachId=${poll.voteId}`);
    for (const answer of [inBody, inQuery, byGet]) {
      expect(answer.status).toBe(200);
      expect(answer.json.result.attach.canEdit).toBe(true);
    }
  });

  test.for([
    ['a wrong webhook secret', (p: RunningPortal) => p.env.B24_WEBHOOK_URL.replace(/\/[a-z0-9]+\/$/, '/wrongsecret123/'), 401, 'NO_AUTH_FOUND'],
    ['an unknown webhook user', (p: RunningPortal) => p.env.B24_WEBHOOK_URL.replace(/\/rest\/\d+\//, '/rest/9999/'), 401, 'NO_AUTH_FOUND'],
    ['no OAuth token', (p: RunningPortal) => p.env.B24_OAUTH_REST_URL, 401, 'NO_AUTH_FOUND'],
    ['an unknown OAuth token', (p: RunningPortal) => `${p.env.B24_OAUTH_REST_URL}?auth=nope`, 401, 'NO_AUTH_FOUND'],
    ['an expired OAuth token', (p: RunningPortal) => `${p.env.B24_OAUTH_REST_URL}?auth=${p.env.B24_EXPIRED_OAUTH_TOKEN}`, 401, 'expired_token'],
  ] as const)('%s is refused', async ([, base, status, code]) => {
    const url = base(portal);
    const [path, query] = url.split('?');
    const answer = await call(`${path}vote.AttachedVote.get?${query ?? ''}&attachId=1`);
    expect(answer.status).toBe(status);
    expect(answer.json.error).toBe(code);
    expect(answer.contentType).toBe('application/json; charset=utf-8');
  });

  test('an unknown method is 404 ERROR_METHOD_NOT_FOUND', async () => {
    const answer = await postJson(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.explode`, {});
    expect(answer).toMatchObject({ status: 404, json: { error: 'ERROR_METHOD_NOT_FOUND' } });
  });

  test('other paths and verbs get JSON 4xx envelopes', async () => {
    expect((await call(`${portal.url}/favicon.ico`)).status).toBe(404);
    expect((await call(`${portal.url}/rest/`)).status).toBe(404);
    const put = await call(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    const badEscape = await call(`${portal.url}/rest/11/%E0%A4%A/vote.AttachedVote.get`);
    expect(badEscape.status).toBe(401);
  });

  test('every success carries time and every answer was observed', async () => {
    const before = observed.length;
    const poll = await createPoll(portal);
    const stop = await postJson(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.stop`, { attachId: poll.voteId });
    expect(stop.json.result).toEqual([]);
    expect(Object.keys(stop.json.time).sort()).toEqual(TIME_KEYS);
    expect(stop.json.time.operating_reset_at).toBe(Math.floor(stop.json.time.operating_reset_at));
    expect(observed.length - before).toBe(3);
    expect(observed.at(-1)).toMatchObject({ method: 'vote.AttachedVote.stop', status: 200 });
  });

  test('getAnswerVoted puts total beside result', async () => {
    const poll = await createPoll(portal);
    await postJson(`${portal.env.B24_COVOTER_WEBHOOK_URL}vote.AttachedVote.vote`, { attachId: poll.voteId, ballot: { [poll.questionId]: [poll.answerIds[1]] } });
    const answer = await postJson(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.getAnswerVoted`, { attachId: poll.voteId, answerId: poll.answerIds[1] });
    expect(answer.json.total).toBe(1);
    expect(answer.json.result.items).toHaveLength(1);
  });

  describe('bad input never yields a 5xx and changes nothing', () => {
    const url = () => `${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.vote`;
    test.for([
      ['invalid JSON', () => call(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"attachId": ' }), 400, 'INVALID_JSON'],
      ['deep nesting', () => postJson(url(), { attachId: 1, ballot: JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`) }), 400, 'ERROR_ARGUMENT'],
      ['an infinite number', () => call(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"attachId": 1e400, "ballot": {}}' }), 400, '100'],
      ['a huge integer', () => call(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"attachId": 123456789012345678901234567890, "ballot": {}}' }), 400, 'ATTACH_NOT_FOUND'],
      ['a huge numeric string', () => postForm(url(), 'attachId=99999999999999999999999999999&ballot[1][]=1'), 400, 'ATTACH_NOT_FOUND'],
      ['a wrong type', () => postJson(url(), { attachId: [1, 2], ballot: 'x' }), 400, '100'],
      ['an unsupported media type', () => call(url(), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'attachId=1' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['a broken multipart body', () => call(url(), { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=zz' }, body: '--zz\r\nno blank line' }), 400, 'ERROR_ARGUMENT'],
    ] as const)('%s', async ([, send, status, code]) => {
      const before = portal.store.snapshot();
      const answer = await send();
      expect(answer.status).toBe(status);
      expect(answer.json.error).toBe(code);
      expect(answer.contentType).toBe('application/json; charset=utf-8');
      expect(portal.store.snapshot()).toEqual(before);
    });

    test('an oversized body is 413 with an envelope', async () => {
      const before = portal.store.snapshot();
      const answer = await postForm(url(), `attachId=1&pad=${'x'.repeat(1024 * 1024 + 10)}`);
      expect(answer).toMatchObject({ status: 413, json: { error: 'REQUEST_TOO_LARGE' } });
      expect(portal.store.snapshot()).toEqual(before);
    });

    test('prototype pollution attempts reach nothing', async () => {
      const poll = await createPoll(portal);
      const viaJson = await call(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"attachId": ${poll.voteId}, "__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}`,
      });
      expect(viaJson.status).toBe(200);
      const viaForm = await postForm(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get`, `attachId=${poll.voteId}&constructor[prototype][polluted]=1&__proto__[polluted]=1`);
      expect(viaForm.status).toBe(200);
      const viaQuery = await call(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get?attachId=${poll.voteId}&__proto__[attachId]=1`);
      expect(viaQuery.status).toBe(200);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).attachId).toBeUndefined();
    });

    test('unicode survives the round trip in every encoding', async () => {
      const poll = await createPoll(portal);
      expect(poll.attach.QUESTIONS[poll.questionId].QUESTION).toBe('Где обедаем? 🍲');
      const text = 'Ünïcødé ✓ 😀';
      const form = await postForm(`${portal.env.B24_WEBHOOK_URL}vote.Integration.Im.send`, [
        `chatId=${portal.env.B24_CHAT_ID}`,
        `IM_MESSAGE_VOTE_DATA[QUESTIONS][0][QUESTION]=${encodeURIComponent(text)}`,
        `IM_MESSAGE_VOTE_DATA[QUESTIONS][0][ANSWERS][0][MESSAGE]=${encodeURIComponent('一')}`,
        `IM_MESSAGE_VOTE_DATA[QUESTIONS][0][ANSWERS][1][MESSAGE]=${encodeURIComponent('二')}`,
      ].join('&'));
      expect(form.status).toBe(200);
      const got = await postJson(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get`, { attachId: form.json.result.voteId });
      const question = Object.values(got.json.result.attach.QUESTIONS)[0] as any;
      expect(question.QUESTION).toBe(text);
      expect(Object.values(question.ANSWERS).map((answer: any) => answer.MESSAGE)).toEqual(['一', '二']);
    });
  });

  test('a body larger than the configured cap is refused over a raw socket too', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const target = new URL(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get`);
      const req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 40; i += 1) req.write('x'.repeat(32 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });
});

describe('concurrency', () => {
  test('50 users voting and recalling at once leave exact counters', async () => {
    const portal = await startPortal({ extraMembers: 50 });
    try {
      const poll = await createPoll(portal);
      const members = portal.store.world.users.filter((user) => user.role === 'member');
      const hook = (id: number) => portal.webhookUrlFor(id);
      const [first, second] = poll.answerIds as [number, number];
      const vote = (id: number, answer: number) => postJson(`${hook(id)}vote.AttachedVote.vote`, { attachId: poll.voteId, ballot: { [poll.questionId]: [answer] } });
      const firstRound = await Promise.all(members.map((user) => vote(user.id, first)));
      expect(firstRound.every((answer) => answer.status === 200)).toBe(true);
      const recallers = members.filter((_, index) => index % 2 === 0);
      const switchers = members.filter((_, index) => index % 2 === 1);
      const secondRound = await Promise.all([
        ...recallers.map((user) => postJson(`${hook(user.id)}vote.AttachedVote.recall`, { attachId: poll.voteId })),
        ...switchers.map((user) => vote(user.id, second)),
      ]);
      expect(secondRound.every((answer) => answer.status === 200)).toBe(true);
      const attach = (await postJson(`${portal.env.B24_WEBHOOK_URL}vote.AttachedVote.get`, { attachId: poll.voteId })).json.result.attach;
      const question = attach.QUESTIONS[poll.questionId];
      expect(attach.COUNTER).toBe(25);
      expect(question.COUNTER).toBe(25);
      expect(question.ANSWERS[first].COUNTER).toBe(0);
      expect(question.ANSWERS[second].COUNTER).toBe(25);
      expect(question.ANSWERS[second].PERCENT).toBe(100);
    } finally {
      await portal.close();
    }
  });
});

describe('rate limit', () => {
  test('refuses with 503 QUERY_LIMIT_EXCEEDED past the burst, executes nothing, and drains', async () => {
    let clock = 1_000_000;
    const portal = await startPortal({ rateLimit: { burst: 3, drainPerSecond: 2 }, now: () => clock });
    try {
      const send = () =>
        postJson(`${portal.env.B24_WEBHOOK_URL}vote.Integration.Im.send`, {
          chatId: Number(portal.env.B24_CHAT_ID),
          IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'q', ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }] }] },
        });
      for (let i = 0; i < 3; i += 1) expect((await send()).status).toBe(200);
      const before = portal.store.snapshot();
      expect(await send()).toMatchObject({ status: 503, json: { error: 'QUERY_LIMIT_EXCEEDED' } });
      expect(portal.store.snapshot()).toEqual(before);
      const other = await postJson(`${portal.env.B24_COVOTER_WEBHOOK_URL}vote.AttachedVote.get`, { attachId: 501 });
      expect(other.status).toBe(200);
      clock += 500;
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(503);
      expect(portal.requestCount()).toBe(7);
    } finally {
      await portal.close();
    }
  });
});

describe('HTTPS', () => {
  test('serves with a self-signed certificate whose CA file is reported', async () => {
    const portal = await startPortal({ https: true });
    const caFile = portal.caFile!;
    try {
      expect(portal.url.startsWith('https://127.0.0.1:')).toBe(true);
      expect(portal.env.B24_CA_FILE).toBe(caFile);
      expect(readFileSync(caFile, 'utf8')).toBe(portal.ca);
      const dispatcher = new Agent({ connect: { ca: portal.ca } });
      const response = await undiciFetch(`${portal.env.B24_OAUTH_REST_URL}vote.AttachedVote.get?auth=${portal.env.B24_OAUTH_TOKEN}&attachId=1`, { dispatcher });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'ATTACH_NOT_FOUND' });
      await dispatcher.close();
      await expect(undiciFetch(portal.url)).rejects.toThrow();
    } finally {
      await portal.close();
    }
    expect(existsSync(caFile)).toBe(false);
  });
});
