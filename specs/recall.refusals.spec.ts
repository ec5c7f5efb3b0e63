/**
 * Refusals: each is a 4xx error envelope that leaves the poll exactly as it was, which the
 * participant's get before and after shows. Where the docs fix the status or the code it is
 * asserted; elsewhere the class (4xx) is, and what was seen is recorded as an observation.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import { BLOG_MODULE_ID, IM_ENTITY_TYPE, identify, type IdMode } from '../src/client/call-styles';
import type { Credentials, Exchange } from '../src/client/types';
import type { Attach } from '../src/generated';
import { judgedAs, malformedIdentifierRefused, noIdentifierRefusedWith100, pollUnchanged, refusedWithErrorEnvelope, type RefusalExpectation, type Verdict } from '../src/contract/invariants';
import { observeGap, observeListedCode, observeRefusal, RECALL_PAGE, type GapTarget } from '../src/contract/observations';
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
  /** The verdict, when the clause has an invariant of its own; otherwise envelope + nothing changed. */
  judge?: (before: Attach, exchange: Exchange, after: Attach) => Verdict;
  /** What neither documentation set says about this answer: reports/doc-gaps.md lists it. */
  gap?: GapTarget;
}

/**
 * How a refusal is sent. The encoding is not what a refusal case is about, so it names a
 * preference: the first of them the transport speaks is used (else the first encoding it speaks
 * at all), and the case's label says which. With undici the preferred one is always used; a
 * transport that speaks one encoding has every refusal judged in it.
 */
interface RefusalStyle {
  mode: IdMode;
  /** Shown instead of the mode in the label, for a call that names no poll in any mode. */
  label?: string;
  auth: Style['auth'];
  encodings: Style['encoding'][];
}

/** Runs a refused call between two gets and judges both the answer and the poll. */
function refusalCase(name: string, r: Refusal): void {
  const encoded = planStyle(ctx, r.style.mode, r.style.auth, r.style.encodings);
  // A label (a malformed identifier's variant) stands for the mode in the case's name.
  const planned = r.style.label ? { ...encoded, name: encoded.name.replace(/^[^/]+/, r.style.label) } : encoded;
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
      verdict: r.judge ? r.judge(before, exchange, after) : judgedAs(r.clause, refusedWithErrorEnvelope(r.clause, exchange, r.expect), pollUnchanged(r.clause, before, after)),
      exchange,
      observations: [...observeRefusal(name, exchange), ...observeListedCode(name, exchange), ...(r.gap ? [observeGap(r.gap, exchange)] : [])],
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

const ERROR_CODES = 'Possible error codes';
/** A refusal whose code the docs leave open: the page should name it. */
const codeGap = (situation: string, section = ERROR_CODES): GapTarget => ({ page: RECALL_PAGE, section, proposal: `State the HTTP status and the error code of ${situation}.` });
/** A refusal whose code a page fixes, but no page its HTTP status (only "4xx"). */
const statusGap = (code: string, situation: string): GapTarget => ({ page: RECALL_PAGE, section: 'Error handling', proposal: `State the HTTP status that comes with ${code} for ${situation}.` });

describe('re-voting disabled', () => {
  const poll = scenario('re-voting disabled: poll', async () => {
    const p = await api.createPoll({ options: 0, fieldType: 0, answers: 2 });
    await api.vote(participant, p, api.ballotOf(p, [0]));
    return p;
  });
  refusalCase('re-vote disabled', { clause: 'RCL-REF-01', style: style('webhook', 'json'), poll, gap: codeGap('a recall on a poll whose "Allow re-voting" option is off') });
});

describe('a non-participant', () => {
  refusalCase('outsider', {
    clause: 'RCL-REF-02',
    style: style('webhook', 'form'),
    poll: votedPoll,
    caller: () => ctx.target.outsider ?? new Skip(missingReason(ctx.target, 'outsider')!),
    expect: { code: 'ATTACH_READ_ACCESS_DENIED' },
    gap: statusGap('ATTACH_READ_ACCESS_DENIED', 'a recall by a user who may not take part in the poll'),
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
      gap: mode === 'attach' ? statusGap('ATTACH_NOT_FOUND', 'an attachId that names no poll') : codeGap(mode === 'entity' ? 'a moduleId + entityType + entityId that names no poll' : 'a well-formed signedAttachId of no poll'),
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
    gap: codeGap('a signedAttachId whose signature does not verify', '3. By the signed ID'),
  });
});

describe('moduleId and entityType that do not match the entity', () => {
  refusalCase('module/entity mismatch', {
    clause: 'RCL-REF-05',
    style: style('webhook', 'form', 'entity'),
    poll: votedPoll,
    params: (poll) => ({ moduleId: BLOG_MODULE_ID, entityType: IM_ENTITY_TYPE, entityId: poll.entityId }),
    gap: codeGap('a moduleId and entityType that do not match the element', '2. By the poll element'),
  });
});

describe('a finished poll', () => {
  const poll = scenario('a finished poll: poll', async () => {
    const p = await api.createPoll({ options: 1, fieldType: 0, answers: 2 });
    await api.vote(participant, p, api.ballotOf(p, [1]));
    await api.stop(p);
    return p;
  });
  refusalCase('stopped poll', {
    clause: 'RCL-REF-06',
    style: style('webhook', 'multipart'),
    poll,
    gap: codeGap('a recall on a stopped poll (the vote page lists 403 "The poll is inactive." for a vote; the recall page lists nothing)'),
  });
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

describe('no identifier at all', () => {
  // The Russian pages tie code 100 to this call; every style that can carry an empty call.
  const styles: RefusalStyle[] = [
    { ...style('webhook', 'json'), label: 'none' },
    { ...style('webhook', 'query'), label: 'none' },
    { ...style('oauth', 'form'), label: 'none' },
  ];
  describe.for(styles.map((s) => [`none/${s.auth}/${s.encodings[0]}`, s] as const))('%s', ([, s]) => {
    refusalCase('no identifier', {
      clause: 'RCL-REF-09',
      style: s,
      poll: votedPoll,
      params: () => ({}),
      judge: noIdentifierRefusedWith100,
      gap: statusGap('error 100', 'a call that names no identifier'),
    });
  });
});

describe('a malformed identifier', () => {
  // Each value wraps the voted poll's own ID in brackets (an array written as text), so a portal
  // that digs the digits out of it (or takes a bare ID for a signed one) would recall on that poll.
  const cases: [IdMode, Style['encoding'], (poll: Poll) => Record<string, unknown>][] = [
    ['attach', 'json', (poll) => ({ attachId: `[${poll.attachId}]` })],
    ['entity', 'form', (poll) => ({ ...identify(poll, 'entity'), entityId: `[${poll.entityId}]` })],
    ['signed', 'query', (poll) => ({ signedAttachId: `[${poll.attachId}]` })],
  ];
  describe.for(cases.map((c) => [`${c[0]}/webhook/${c[1]}`, c] as const))('%s', ([, [mode, encoding, params]]) => {
    refusalCase(`malformed identifier (${mode})`, {
      clause: 'RCL-REF-10',
      style: style('webhook', encoding, mode),
      poll: votedPoll,
      params,
      judge: malformedIdentifierRefused,
      gap: codeGap(`a malformed ${mode === 'attach' ? 'attachId' : mode === 'entity' ? 'entityId' : 'signedAttachId'} (the Russian table gives 100 for a parameter "not passed or incorrect", the English none)`),
    });
  });
});

describe('a non-participant in every identifier mode', () => {
  const outsider = () => ctx.target.outsider ?? new Skip(missingReason(ctx.target, 'outsider')!);
  const cases: [IdMode, Style['encoding']][] = [
    ['entity', 'json'],
    ['signed', 'json'],
    ['signed', 'query'],
  ];
  describe.for(cases.map((c) => [`${c[0]}/webhook/${c[1]}`, c] as const))('%s', ([, [mode, encoding]]) => {
    refusalCase(`outsider (${mode})`, {
      clause: 'RCL-REF-12',
      style: style('webhook', encoding, mode),
      poll: votedPoll,
      caller: outsider,
      expect: { code: 'ATTACH_READ_ACCESS_DENIED' },
      gap: statusGap('ATTACH_READ_ACCESS_DENIED', 'a recall by a user who may not take part in the poll'),
    });
  });
});

describe('a signature an attacker made', () => {
  /** A second poll, where the participant has voted too: the one an attacker would aim at. */
  const target = scenario('a signature an attacker made: target poll', async () => {
    const poll = await api.createPoll({ options: 1, fieldType: 0, answers: 2 });
    await api.vote(participant, poll, api.ballotOf(poll, [0]));
    return poll;
  });
  const signatureOf = (signed: string) => signed.slice(signed.lastIndexOf('.') + 1);
  const cases: [string, Style['encoding'], (poll: Poll, other: Poll) => Record<string, unknown>][] = [
    ['cut to half its length', 'json', (poll) => ({ signedAttachId: `${poll.attachId}.${signatureOf(poll.signedAttachId).slice(0, Math.ceil(signatureOf(poll.signedAttachId).length / 2))}` })],
    ["another attach's signature", 'form', (poll, other) => ({ signedAttachId: `${poll.attachId}.${signatureOf(other.signedAttachId)}` })],
  ];
  describe.for(cases.map((c) => [c[0], c] as const))('%s', ([, [what, encoding, params]]) => {
    let other: Poll | undefined;
    refusalCase(`signature ${what}`, {
      clause: 'RCL-REF-13',
      style: style('webhook', encoding, 'signed'),
      poll: async () => {
        const poll = await target();
        const decoy = await votedPoll();
        if (poll instanceof Skip) return poll;
        if (decoy instanceof Skip) return decoy;
        other = decoy;
        return poll;
      },
      params: (poll) => params(poll, other!),
      gap: codeGap(`a signedAttachId whose signature is ${what}`, '3. By the signed ID'),
    });
  });
});
