/**
 * Refusals: each is a 4xx error envelope that leaves the poll exactly as it was, which the
 * participant's get before and after shows. Where the docs fix the status or the code it is
 * asserted; elsewhere the class (4xx) is, and what was seen is recorded as an observation.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import { BLOG_MODULE_ID, IM_ENTITY_TYPE, identify, type IdMode } from '../src/client/call-styles';
import type { Credentials, Exchange } from '../src/client/types';
import { judgedAs, pollUnchanged, refusedWithErrorEnvelope, type RefusalExpectation } from '../src/contract/invariants';
import { observeRefusal } from '../src/contract/observations';
import type { ClauseId } from '../src/contract/clauses';
import { Api, type Poll, type Style } from './support/api';
import { clauseCase, scenario, Skip } from './support/clause-test';
import { missingReason, suiteContext } from './support/context';
import { planStyle, sendable } from './support/style';

const ctx = await suiteContext();
const api = new Api(ctx);
const { participant } = ctx.target;

afterAll(() => api.cleanup());

/** A poll with re-voting allowed, on which the participant has voted. */
const votedPoll = scenario('voted poll', async () => {
  const poll = await api.createPoll({ options: 1, fieldType: 0, answers: 3 });
  await api.vote(participant, poll, api.ballotOf(poll, [1]));
  return poll;
});

interface Refusal {
  clause: ClauseId;
  style: RefusalStyle;
  poll: () => Promise<Poll | Skip>;
  caller?: () => Credentials | Skip;
  params?: (poll: Poll) => Record<string, unknown>;
  expect?: RefusalExpectation;
}

/**
 * How a refusal is sent. The encoding is not what a refusal case is about, so it names a
 * preference: the first of them the transport speaks is used (else the first encoding it speaks
 * at all), and the case's label says which. With undici the preferred one is always used; a
 * transport that speaks one encoding has every refusal judged in it.
 */
interface RefusalStyle {
  mode: IdMode;
  auth: Style['auth'];
  encodings: Style['encoding'][];
}

/** Runs a refused call between two gets and judges both the answer and the poll. */
function refusalCase(name: string, r: Refusal): void {
  const planned = planStyle(ctx, r.style.mode, r.style.auth, r.style.encodings);
  clauseCase(r.clause, planned, async () => {
    const style = sendable(planned);
    if (style instanceof Skip) return style;
    const caller = r.caller ? r.caller() : participant;
    if (caller instanceof Skip) return caller;
    const poll = await r.poll();
    if (poll instanceof Skip) return poll;
    const before = await api.get(participant, poll);
    const params = r.params ? r.params(poll) : identify(poll, r.style.mode);
    const exchange: Exchange = await api.call(caller, 'vote.AttachedVote.recall', params, style);
    const after = await api.get(participant, poll);
    return {
      verdict: judgedAs(r.clause, refusedWithErrorEnvelope(r.clause, exchange, r.expect), pollUnchanged(r.clause, before, after)),
      exchange,
      observations: observeRefusal(name, exchange),
    };
  });
}

function forge(signed: string): string {
  const start = signed.lastIndexOf('.') + 1;
  const at = start + Math.floor((signed.length - start) / 2);
  const swapped = signed[at] === 'a' ? 'b' : signed[at] === 'A' ? 'B' : 'a';
  return `${signed.slice(0, at)}${swapped}${signed.slice(at + 1)}`;
}

const style = (auth: Style['auth'], encoding: Style['encoding'], mode: IdMode = 'attach'): RefusalStyle => ({ mode, auth, encodings: [encoding, 'json'] });

describe('re-voting disabled', () => {
  const poll = scenario('re-voting disabled: poll', async () => {
    const p = await api.createPoll({ options: 0, fieldType: 0, answers: 2 });
    await api.vote(participant, p, api.ballotOf(p, [0]));
    return p;
  });
  refusalCase('re-vote disabled', { clause: 'RCL-REF-01', style: style('webhook', 'json'), poll });
});

describe('a non-participant', () => {
  refusalCase('outsider', {
    clause: 'RCL-REF-02',
    style: style('webhook', 'form'),
    poll: votedPoll,
    caller: () => ctx.target.outsider ?? new Skip(missingReason(ctx.target, 'outsider')!),
    expect: { code: 'ATTACH_READ_ACCESS_DENIED' },
  });
});

describe('an unknown attach', () => {
  // IDs far above anything a test portal holds; signed with a well-formed but meaningless signature.
  const unknown = { attachId: 2_000_000_000 + (Date.now() % 100_000_000), entityId: 2_000_000_000 + (Date.now() % 99_999_989), signedAttachId: '' };
  unknown.signedAttachId = `${unknown.attachId}.${randomBytes(32).toString('hex')}`;
  const cases: [IdMode, Style['encoding'], RefusalExpectation][] = [
    ['attach', 'multipart', { code: 'ATTACH_NOT_FOUND' }],
    ['entity', 'query', {}],
    ['signed', 'form', {}],
  ];
  describe.for(cases.map((c) => [`${c[0]}/webhook/${c[1]}`, c] as const))('%s', ([, [mode, encoding, expectation]]) => {
    refusalCase(`unknown attach (${mode})`, {
      clause: 'RCL-REF-03',
      style: style('webhook', encoding, mode),
      poll: votedPoll,
      params: () => identify(unknown, mode),
      expect: expectation,
    });
  });
});

describe('a forged signedAttachId', () => {
  refusalCase('forged signature', {
    clause: 'RCL-REF-04',
    style: style('webhook', 'query', 'signed'),
    poll: votedPoll,
    // One character changed in the middle of the signature (the part after the last dot), so a
    // portal that checks only a prefix or only the tail of it is caught as well.
    params: (poll) => ({ signedAttachId: forge(poll.signedAttachId) }),
  });
});

describe('moduleId and entityType that do not match the entity', () => {
  refusalCase('module/entity mismatch', {
    clause: 'RCL-REF-05',
    style: style('webhook', 'form', 'entity'),
    poll: votedPoll,
    params: (poll) => ({ moduleId: BLOG_MODULE_ID, entityType: IM_ENTITY_TYPE, entityId: poll.entityId }),
  });
});

describe('a finished poll', () => {
  const poll = scenario('a finished poll: poll', async () => {
    const p = await api.createPoll({ options: 1, fieldType: 0, answers: 2 });
    await api.vote(participant, p, api.ballotOf(p, [1]));
    await api.stop(p);
    return p;
  });
  refusalCase('stopped poll', { clause: 'RCL-REF-06', style: style('webhook', 'multipart'), poll });
});

describe('wrong credentials', () => {
  refusalCase('wrong webhook secret', {
    clause: 'RCL-REF-07',
    style: style('webhook', 'json'),
    poll: votedPoll,
    caller: () => ({ role: 'participant', webhookUrl: participant.webhookUrl!.replace(/\/[^/]+\/$/, `/${randomBytes(12).toString('hex')}/`) }),
    expect: { status: 401, code: 'NO_AUTH_FOUND' },
  });
  refusalCase('invalid OAuth token', {
    clause: 'RCL-REF-08',
    style: style('oauth', 'json'),
    poll: votedPoll,
    caller: () => ({ role: 'participant', oauthRestUrl: participant.oauthRestUrl, oauthToken: `invalid${randomBytes(16).toString('hex')}` }),
    expect: { status: 401 },
  });
});
