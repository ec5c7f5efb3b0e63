/**
 * Robustness of the reference portal's recall and vote under bad input. Over a thousand requests,
 * generated from a fixed seed, go over raw HTTP in every encoding: wrong types, missing,
 * duplicated and conflicting identifiers, huge numbers, unicode, nested junk, unknown parameters,
 * malformed bodies. Whatever comes in, the portal answers below 500 with JSON, a refusal is an
 * error envelope, and a refused call leaves the store exactly as it was.
 */
import { base, en, Faker } from '@faker-js/faker';
import { isDeepStrictEqual } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMultipart, toUrlEncoded } from '../client/encode';
import { startPortal, type RunningPortal } from '.';

const CASES = 1_200;
const SEED = 8_808;
const METHODS = ['vote.AttachedVote.recall', 'vote.AttachedVote.vote'] as const;

type Method = (typeof METHODS)[number];
type Encoding = 'json' | 'form' | 'multipart' | 'query';
type Caller = 'participant' | 'covoter' | 'outsider' | 'oauth' | 'stranger';

interface PollIds {
  attachId: number;
  entityId: number;
  signedAttachId: string;
  questionIds: string[];
  answerIds: string[];
}

/** One request: structured params in an encoding, or a raw body with its content type. */
interface FuzzCase {
  category: string;
  method: Method;
  caller: Caller;
  encoding: Encoding;
  params: Record<string, unknown>;
  /** Sent in the query string as well, even for a POST (duplicated identifiers). */
  query?: Record<string, unknown>;
  raw?: { contentType: string; body: string | Buffer };
}

interface Outcome {
  status: number;
  contentType: string;
  text: string;
}

const faker = new Faker({ locale: [en, base] });
faker.seed(SEED);

let portal: RunningPortal;
let polls: PollIds[];

async function setupCall(webhookUrl: string, method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await request(`${webhookUrl}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
  const body = (await answer.body.json()) as { result?: Record<string, unknown> };
  if (answer.statusCode !== 200 || !body.result) throw new Error(`setup ${method} answered ${answer.statusCode}`);
  return body.result;
}

async function createPoll(options: 0 | 1, fieldType: 0 | 1): Promise<PollIds> {
  const { B24_WEBHOOK_URL: hook, B24_CHAT_ID: chatId } = portal.env;
  const sent = await setupCall(hook, 'vote.Integration.Im.send', {
    chatId: Number(chatId),
    IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'Fuzz?', FIELD_TYPE: fieldType, ANSWERS: [{ MESSAGE: 'a' }, { MESSAGE: 'b' }, { MESSAGE: 'c' }] }], OPTIONS: options },
  });
  const got = await setupCall(hook, 'vote.AttachedVote.get', { moduleId: 'Im', entityType: 'Bitrix\\Vote\\Attachment\\ImMessageConnector', entityId: sent.messageId });
  const attach = got.attach as { ID: unknown; entityId: unknown; signedAttachId: unknown; QUESTIONS: Record<string, { ANSWERS: Record<string, unknown> }> };
  const questionIds = Object.keys(attach.QUESTIONS);
  return {
    attachId: Number(attach.ID),
    entityId: Number(attach.entityId),
    signedAttachId: String(attach.signedAttachId),
    questionIds,
    answerIds: Object.keys(attach.QUESTIONS[questionIds[0]!]!.ANSWERS),
  };
}

// ---- generators -------------------------------------------------------------------------------

const HUGE = [
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  1e308,
  -1e308,
  2 ** 64,
  5e-324,
  '18446744073709551616',
  '9'.repeat(400),
  '-0',
  '1e999',
  'Infinity',
  'NaN',
];

const TRICKY_STRINGS = [
  '',
  ' ',
  '0x1f5',
  '5.01e2',
  '501abc',
  '501.0',
  '1,2',
  '\u0000',
  '\u202e501',
  '٥٠١',
  '５０１',
  'null',
  'undefined',
  '[]',
  '{}',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
];

function unicodeString(): string {
  return faker.helpers.arrayElement([
    () => faker.string.sample({ min: 1, max: 40 }),
    () => faker.internet.emoji(),
    () => faker.helpers.arrayElement(['Ünïcødé', '漢字テスト', 'مرحبا', 'שלום', 'Ω≈ç√∫', '\uD83D', 'e\u0301', '\uFEFF']),
    () => faker.lorem.word().repeat(faker.number.int({ min: 500, max: 3000 })),
  ])();
}

/** A scalar of the wrong kind for an integer identifier. */
function wrongScalar(): unknown {
  return faker.helpers.arrayElement([
    () => faker.helpers.arrayElement(HUGE),
    () => faker.helpers.arrayElement(TRICKY_STRINGS),
    () => unicodeString(),
    () => faker.datatype.boolean(),
    () => null,
    () => faker.number.float({ min: -1e6, max: 1e6, fractionDigits: 3 }),
    () => -faker.number.int({ min: 1, max: 1e9 }),
    () => 0,
  ])();
}

/** Scalars, arrays and objects of junk, nested up to `depth` levels. */
function junk(depth = 3): unknown {
  if (depth <= 0) return wrongScalar();
  return faker.helpers.arrayElement([
    () => wrongScalar(),
    () => Array.from({ length: faker.number.int({ min: 0, max: 4 }) }, () => junk(depth - 1)),
    () => Object.fromEntries(Array.from({ length: faker.number.int({ min: 0, max: 4 }) }, () => [junkKey(), junk(depth - 1)])),
  ])();
}

function junkKey(): string {
  return faker.helpers.arrayElement([() => faker.lorem.word(), () => unicodeString().slice(0, 20) || 'k', () => String(faker.number.int()), () => '__proto__', () => 'constructor'])();
}

function unknownParams(): Record<string, unknown> {
  return Object.fromEntries(
    Array.from({ length: faker.number.int({ min: 1, max: 5 }) }, () => [
      faker.helpers.arrayElement([faker.lorem.word(), 'ATTACHID', 'attach_id', 'Attachid', 'id', 'ID', 'userId', 'voteId', 'sessid']),
      junk(2),
    ]),
  );
}

type IdMode = 'attach' | 'entity' | 'signed';

function idParams(poll: PollIds, mode: IdMode): Record<string, unknown> {
  switch (mode) {
    case 'attach':
      return { attachId: poll.attachId };
    case 'entity':
      return { moduleId: 'Im', entityType: 'Bitrix\\Vote\\Attachment\\ImMessageConnector', entityId: poll.entityId };
    case 'signed':
      return { signedAttachId: poll.signedAttachId };
  }
}

function ballotFor(poll: PollIds): Record<string, unknown> {
  return { [poll.questionIds[0]!]: [poll.answerIds[0]!] };
}

function badBallot(poll: PollIds): unknown {
  const question = poll.questionIds[0]!;
  return faker.helpers.arrayElement([
    () => junk(3),
    () => ({ [question]: junk(2) }),
    () => ({ [question]: [faker.helpers.arrayElement(HUGE)] }),
    () => ({ [question]: [] }),
    () => ({ [String(faker.number.int({ min: 1, max: 1e9 }))]: [poll.answerIds[0]] }),
    () => ({ [unicodeString().slice(0, 10) || 'q']: [poll.answerIds[0]] }),
    () => ({ [question]: { [junkKey()]: { nested: junk(2) } } }),
    () => ({ [question]: Array.from({ length: 50 }, () => faker.number.int({ min: 1, max: 1e12 })) }),
    () => ({}),
    () => [],
  ])();
}

const WRONGLY_TYPED_ID: Record<IdMode, (poll: PollIds) => Record<string, unknown>> = {
  attach: () => ({ attachId: faker.helpers.arrayElement([() => wrongScalar(), () => junk(2)])() }),
  entity: (poll) => {
    const valid = idParams(poll, 'entity');
    const key = faker.helpers.arrayElement(['moduleId', 'entityType', 'entityId']);
    return { ...valid, [key]: faker.helpers.arrayElement([() => wrongScalar(), () => junk(2), () => unicodeString()])() };
  },
  signed: (poll) => ({
    signedAttachId: faker.helpers.arrayElement([
      () => wrongScalar(),
      () => junk(2),
      () => `${poll.attachId}.${faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' })}`,
      () => `${poll.attachId}.${poll.signedAttachId.split('.')[1]!.slice(0, 63)}`,
      () => `${poll.attachId + 1}.${poll.signedAttachId.split('.')[1]!}`,
      () => poll.signedAttachId.toUpperCase(),
      () => `${poll.signedAttachId}.${poll.signedAttachId}`,
      () => String(poll.attachId),
    ])(),
  }),
};

/** What makes a case bad; each returns the params (and maybe a query or a raw body). */
const CATEGORIES: Record<string, (method: Method, poll: PollIds) => Pick<FuzzCase, 'params' | 'query' | 'raw'>> = {
  'wrong type': (method, poll) => {
    const mode = faker.helpers.arrayElement<IdMode>(['attach', 'entity', 'signed']);
    return { params: { ...WRONGLY_TYPED_ID[mode](poll), ...(method === 'vote.AttachedVote.vote' ? { ballot: ballotFor(poll) } : {}) } };
  },
  'missing identifier': (method, poll) => {
    const params: Record<string, unknown> = method === 'vote.AttachedVote.vote' ? { ballot: ballotFor(poll) } : {};
    if (faker.datatype.boolean()) Object.assign(params, unknownParams());
    if (faker.datatype.boolean()) {
      const triple = idParams(poll, 'entity');
      delete triple[faker.helpers.arrayElement(['moduleId', 'entityType', 'entityId'])];
      Object.assign(params, triple);
    }
    return { params };
  },
  'conflicting identifiers': (method, poll) => {
    const modes = faker.helpers.arrayElements<IdMode>(['attach', 'entity', 'signed'], { min: 2, max: 3 });
    const other = faker.helpers.arrayElement(polls);
    const params = Object.assign({}, ...modes.map((mode, i) => idParams(i === 0 ? poll : faker.helpers.arrayElement([poll, other]), mode))) as Record<string, unknown>;
    if (method === 'vote.AttachedVote.vote') params.ballot = ballotFor(poll);
    return { params };
  },
  'duplicated identifier': (method, poll) => {
    const ballot = method === 'vote.AttachedVote.vote' ? { ballot: ballotFor(poll) } : {};
    return faker.helpers.arrayElement([
      // The same key in the query string and in the body, with different values.
      () => ({ params: { attachId: wrongScalar(), ...ballot }, query: { attachId: poll.attachId, signedAttachId: poll.signedAttachId } }),
      // A repeated form field, a list where one value belongs.
      () => ({ params: { attachId: [poll.attachId, wrongScalar()], ...ballot } }),
      () => ({ params: {}, raw: { contentType: 'application/x-www-form-urlencoded', body: `attachId=${poll.attachId}&attachId=${encodeURIComponent(String(wrongScalar()))}&signedAttachId=${poll.signedAttachId}` } }),
      // A JSON object with a key twice.
      () => ({ params: {}, raw: { contentType: 'application/json', body: `{"attachId":${poll.attachId},"entityId":${poll.entityId},"attachId":${JSON.stringify(wrongScalar())}}` } }),
    ])();
  },
  'huge number': (method, poll) => {
    const key = faker.helpers.arrayElement(['attachId', 'entityId']);
    const params: Record<string, unknown> = key === 'entityId' ? { ...idParams(poll, 'entity'), entityId: faker.helpers.arrayElement(HUGE) } : { attachId: faker.helpers.arrayElement(HUGE) };
    if (method === 'vote.AttachedVote.vote') params.ballot = faker.datatype.boolean() ? ballotFor(poll) : { [poll.questionIds[0]!]: [faker.helpers.arrayElement(HUGE)] };
    return { params };
  },
  'unicode': (method, poll) => {
    const params: Record<string, unknown> = faker.helpers.arrayElement([
      () => ({ attachId: unicodeString() }),
      () => ({ moduleId: unicodeString(), entityType: unicodeString(), entityId: poll.entityId }),
      () => ({ signedAttachId: unicodeString() }),
      () => ({ [unicodeString().slice(0, 12) || 'x']: poll.attachId }),
    ])();
    if (method === 'vote.AttachedVote.vote') params.ballot = { [unicodeString().slice(0, 8) || 'q']: [unicodeString()] };
    return { params };
  },
  'nested junk': (method, poll) => {
    const params: Record<string, unknown> = faker.datatype.boolean() ? { attachId: junk(4) } : { ...idParams(poll, faker.helpers.arrayElement<IdMode>(['attach', 'entity', 'signed'])) };
    if (method === 'vote.AttachedVote.vote' || faker.datatype.boolean()) params.ballot = badBallot(poll);
    else params.attachId = { nested: junk(3) };
    return { params };
  },
  'unknown parameters': (method, poll) => {
    // A wrong identifier among the unknown ones, so the call still has to be refused.
    const params: Record<string, unknown> = { ...unknownParams(), attachId: faker.helpers.arrayElement([() => wrongScalar(), () => poll.attachId + 10_000])() };
    if (method === 'vote.AttachedVote.vote') params.ballot = faker.datatype.boolean() ? badBallot(poll) : ballotFor(poll);
    return { params };
  },
  'malformed body': () => ({
    params: {},
    raw: faker.helpers.arrayElement([
      () => ({ contentType: 'application/json', body: '{"attachId": 5' }),
      () => ({ contentType: 'application/json', body: JSON.stringify(junk(2)) }),
      () => ({ contentType: 'application/json', body: `${'['.repeat(5000)}${']'.repeat(5000)}` }),
      () => ({ contentType: 'application/json', body: `{"attachId":${'{"a":'.repeat(200)}1${'}'.repeat(200)}}` }),
      () => ({ contentType: 'application/json', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }),
      () => ({ contentType: 'application/json', body: '' }),
      () => ({ contentType: 'application/x-www-form-urlencoded', body: `${'a['.repeat(100)}=1` }),
      () => ({ contentType: 'application/x-www-form-urlencoded', body: '%E0%A4%A=%%%&attachId=%zz' }),
      () => ({ contentType: 'multipart/form-data', body: 'no boundary here' }),
      () => ({ contentType: 'multipart/form-data; boundary=xyz', body: '--xyz\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--xyz--' }),
      () => ({ contentType: 'multipart/form-data; boundary=xyz', body: '--xyz\r\nbroken headers only' }),
      () => ({ contentType: 'text/plain', body: unicodeString() }),
      () => ({ contentType: faker.helpers.arrayElement(['application/xml', 'image/png', '', 'application/json; charset=utf-16']), body: faker.string.sample(30) }),
    ])(),
  }),
};

function generate(): FuzzCase {
  const method = faker.helpers.arrayElement(METHODS);
  const category = faker.helpers.arrayElement(Object.keys(CATEGORIES));
  const poll = faker.helpers.arrayElement(polls);
  const { params, query, raw } = CATEGORIES[category]!(method, poll);
  const caller = faker.helpers.weightedArrayElement<Caller>([
    { weight: 6, value: 'participant' },
    { weight: 2, value: 'covoter' },
    { weight: 1, value: 'outsider' },
    { weight: 2, value: 'oauth' },
    { weight: 1, value: 'stranger' },
  ]);
  const encoding = faker.helpers.arrayElement<Encoding>(['json', 'form', 'multipart', 'query']);
  return { category, method, caller, encoding, params, query, raw };
}

// ---- sending ------------------------------------------------------------------------------------

function baseUrl(caller: Caller): string {
  switch (caller) {
    case 'participant':
      return portal.env.B24_WEBHOOK_URL;
    case 'covoter':
      return portal.env.B24_COVOTER_WEBHOOK_URL;
    case 'outsider':
      return portal.env.B24_OUTSIDER_WEBHOOK_URL;
    case 'oauth':
      return portal.env.B24_OAUTH_REST_URL;
    case 'stranger':
      return `${portal.url}/rest/11/${faker.string.alphanumeric(16).toLowerCase()}/`;
  }
}

/** JSON that survives `JSON.stringify` for numbers it cannot write (1e999 is sent raw). */
function toJsonText(params: Record<string, unknown>): string {
  return JSON.stringify(params, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

async function send(c: FuzzCase): Promise<Outcome> {
  const params = c.caller === 'oauth' ? { ...c.params, auth: portal.env.B24_OAUTH_TOKEN } : c.params;
  const query = { ...(c.query ?? {}), ...(c.caller === 'oauth' && (c.raw || c.encoding === 'query') ? { auth: portal.env.B24_OAUTH_TOKEN } : {}) };
  let url = `${baseUrl(c.caller)}${c.method}`;
  let httpMethod: 'GET' | 'POST' = 'POST';
  let body: string | Buffer | ReturnType<typeof toMultipart> | undefined;
  const headers: Record<string, string> = {};
  if (c.raw) {
    body = c.raw.body;
    headers['content-type'] = c.raw.contentType;
  } else if (c.encoding === 'query') {
    httpMethod = 'GET';
    Object.assign(query, params);
  } else if (c.encoding === 'json') {
    body = toJsonText(params);
    headers['content-type'] = 'application/json';
  } else if (c.encoding === 'form') {
    body = toUrlEncoded(params);
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else {
    body = toMultipart(params);
  }
  const search = toUrlEncoded(query);
  if (search !== '') url += `?${search}`;
  const answer = await request(url, { method: httpMethod, headers, body });
  return { status: answer.statusCode, contentType: String(answer.headers['content-type'] ?? ''), text: await answer.body.text() };
}

/** What is wrong with an answer, or undefined. */
function judge(outcome: Outcome, before: unknown, after: unknown): string | undefined {
  if (outcome.status >= 500) return `answered ${outcome.status}`;
  if (!outcome.contentType.startsWith("application/json")) return `answered ${outcome.status} ${outcome.contentType || "with no content type"} ${outcome.text.slice(0, 60)}`;
  let body: unknown;
  try {
    body = JSON.parse(outcome.text);
  } catch {
    return `answered ${outcome.status} with a body that is not JSON: ${outcome.text.slice(0, 80)}`;
  }
  if (outcome.status === 200) return undefined;
  const envelope = body as { error?: unknown; error_description?: unknown };
  if (typeof envelope.error !== 'string' || typeof envelope.error_description !== 'string') {
    return `refused (${outcome.status}) without an error envelope: ${outcome.text.slice(0, 120)}`;
  }
  if (!isDeepStrictEqual(before, after)) return `refused (${outcome.status} ${envelope.error}) but changed the store`;
  return undefined;
}

function describeCase(c: FuzzCase): string {
  const shown = c.raw ? `raw ${c.raw.contentType}: ${String(c.raw.body).slice(0, 80)}` : `${c.encoding} ${toJsonText(c.params).slice(0, 120)}`;
  return `[${c.category}] ${c.method} as ${c.caller}, ${shown}${c.query ? ` + query ${toJsonText(c.query)}` : ''}`;
}

// ---- the test -----------------------------------------------------------------------------------

beforeAll(async () => {
  portal = await startPortal();
  const hooks = { participant: portal.env.B24_WEBHOOK_URL, covoter: portal.env.B24_COVOTER_WEBHOOK_URL };
  const open = await createPoll(1, 1);
  const closedToRevote = await createPoll(0, 0);
  const stopped = await createPoll(1, 0);
  polls = [open, closedToRevote, stopped];
  for (const poll of polls) {
    await setupCall(hooks.participant, 'vote.AttachedVote.vote', { attachId: poll.attachId, ballot: ballotFor(poll) });
    await setupCall(hooks.covoter, 'vote.AttachedVote.vote', { attachId: poll.attachId, ballot: { [poll.questionIds[0]!]: [poll.answerIds[1]!] } });
  }
  await setupCall(hooks.participant, 'vote.AttachedVote.stop', { attachId: stopped.attachId });
});

afterAll(async () => {
  await portal?.close();
});

describe(`recall and vote under ${CASES} generated bad requests (seed ${SEED})`, () => {
  it('never answer 5xx or non-JSON, refuse with an error envelope, and leave the store alone when they refuse', async () => {
    const problems: string[] = [];
    const refusedByCategory: Record<string, number> = {};
    let refused = 0;
    for (let i = 0; i < CASES; i += 1) {
      const fuzzCase = generate();
      const before = portal.store.snapshot();
      const outcome = await send(fuzzCase);
      const after = portal.store.snapshot();
      const problem = judge(outcome, before, after);
      if (problem) problems.push(`#${i} ${problem}\n    ${describeCase(fuzzCase)}`);
      if (outcome.status !== 200) {
        refused += 1;
        refusedByCategory[fuzzCase.category] = (refusedByCategory[fuzzCase.category] ?? 0) + 1;
      }
    }
    expect(problems.slice(0, 10).join('\n')).toBe('');
    // The generator has to produce bad input: nearly everything is refused, in every category.
    expect(refused).toBeGreaterThan(CASES * 0.9);
    expect(Object.keys(refusedByCategory).sort()).toEqual(Object.keys(CATEGORIES).sort());

    // And the portal is still serving.
    const health = await send({ category: 'health', method: 'vote.AttachedVote.recall', caller: 'participant', encoding: 'json', params: { attachId: polls[0]!.attachId } });
    expect(health.status).toBe(200);
  });
});
