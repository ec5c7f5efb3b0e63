/**
 * Refusals: each is a 4xx error envelope that leaves the poll exactly as it was. Where the docs
 * fix the status or the code it is asserted; elsewhere the class (4xx) is, and what was seen is
 * recorded as an observation.
 *
 * The refusals aimed at one poll form a group, sent one after another between one "before" and
 * one "after" view of the participant's. The "before" is the attach that the documented
 * vote.AttachedVote.vote response returns (vote.attachedvote.vote.md, `result.attach`) where the
 * poll's setup ends with the participant's vote, a get otherwise; the "after" is a get. When the
 * two differ, each refusal is sent again alone, between views of its own (the vote restored
 * first, and again whenever one of them changed the poll), to name which did it: a faithful
 * portal pays nothing for that, a faulty one pays the extra requests, counted as `bisection`.
 * Each refusal sent again is judged on that answer and those views. When no refusal alone
 * reproduces the change, every refusal of the group is judged on the group's views, and fails: a
 * change is never lost.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import { BLOG_MODULE_ID, IM_ENTITY_TYPE, identify, type IdMode } from '../src/client/call-styles';
import type { Credentials, Exchange } from '../src/client/types';
import type { Attach } from '../src/generated';
import { judgedAs, malformedIdentifierRefused, noIdentifierRefusedWith100, pollUnchanged, refusedWithErrorEnvelope, type Ballot, type RefusalExpectation, type Verdict } from '../src/contract/invariants';
import { observeGap, observeListedCode, observeRefusal, RECALL_PAGE, type GapTarget } from '../src/contract/observations';
import type { ClauseId } from '../src/contract/clauses';
import { Api, type Poll, type Style } from './support/api';
import { clauseCase, scenario, Skip } from './support/clause-test';
import { missingReason, suiteContext } from './support/context';
import { sendingAsCase } from './support/current-case';
import { planStyle, sendable, type PlannedStyle } from './support/style';
import { SetupError } from '../src/errors';

const ctx = await suiteContext();
const api = new Api(ctx);
const { participant } = ctx.target;

afterAll(() => api.cleanup());

/** A poll set up for refusals, with its "before" view when the setup's last response carries one. */
interface RefusalPoll {
  poll: Poll;
  before?: Attach;
  /** The participant's ballot, voted again to restore the poll while bisecting; absent where a vote cannot restore it. */
  ballot?: Ballot;
  /** Another poll the participant voted on (the decoy whose signature a forger borrows). */
  other?: Poll;
  /** Why there is no decoy, when its setup failed. */
  noOther?: string;
}

/** The name of each poll scenario, which its group of refusals is recorded under. */
const pollNames = new Map<Refusal['poll'], string>();

function refusalPoll(name: string, run: () => Promise<RefusalPoll | Skip>): () => Promise<RefusalPoll | Skip> {
  const poll = scenario<RefusalPoll>(name, run);
  pollNames.set(poll, name);
  return poll;
}

/** A poll with re-voting disabled, on which the participant has voted (RCL-REF-01). */
const revoteDisabledPoll = refusalPoll('re-voting disabled: poll', async () => {
  const p = await api.createPoll({ options: 0, fieldType: 0, answers: 2 });
  // The vote cannot be cast again here (re-voting is off), so there is no ballot to restore.
  return { poll: p, before: await api.vote(participant, p, api.ballotOf(p, [0])) };
});

/**
 * A poll with re-voting allowed, on which the participant has voted: what most refusals aim at.
 * Its decoy, whose signature a forger borrows (RCL-REF-13), is the re-voting disabled poll.
 */
const votedPoll = refusalPoll('voted poll', async () => {
  // Without a decoy only the case that needs one fails (its params throw): not the whole group.
  const decoy = await revoteDisabledPoll().catch((error: unknown) => new Skip(error instanceof Error ? error.message : String(error)));
  const poll = await api.createPoll({ options: 1, fieldType: 0, answers: 3 });
  const ballot = api.ballotOf(poll, [1]);
  const before = await api.vote(participant, poll, ballot);
  return decoy instanceof Skip ? { poll, before, ballot, noOther: decoy.reason } : { poll, before, ballot, other: decoy.poll };
});

interface Refusal {
  clause: ClauseId;
  style: RefusalStyle;
  poll: () => Promise<RefusalPoll | Skip>;
  caller?: () => Credentials | Skip;
  params?: (poll: RefusalPoll) => Record<string, unknown>;
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

/** One refusal of a group, as collected. */
interface Member {
  r: Refusal;
  planned: PlannedStyle;
}

/** What one refusal of a group got: its answer, and the views its "changes nothing" is judged on. */
interface Sent {
  exchange: Exchange;
  before: Attach;
  after: Attach;
}

/** The refusals aimed at each poll scenario, gathered while the file is collected (before any case runs). */
const groups = new Map<Refusal['poll'], { members: Member[]; run: () => Promise<Map<Member, Sent | Skip | Unsent> | Skip> }>();

/** A member whose call could not be sent at all (the transport threw): that case alone fails with it. */
class Unsent {
  constructor(readonly error: unknown) {}
}

/** The refused call of one member, logged under that member's own case; or why it cannot be sent. */
function send(m: Member, prepared: RefusalPoll, purpose: 'judged' | 'bisection'): Promise<Exchange> | Skip {
  const style = sendable(m.planned);
  if (style instanceof Skip) return style;
  const noOAuth = m.r.style.auth === 'oauth' ? missingReason(ctx.target, 'oauth') : undefined;
  if (noOAuth) return new Skip(noOAuth);
  const caller = m.r.caller ? m.r.caller() : participant;
  if (caller instanceof Skip) return caller;
  // The params are made inside the promise: one that cannot be made rejects it, and fails that case alone.
  return sendingAsCase(m.r.clause, m.planned.name, async () => {
    const params = m.r.params ? m.r.params(prepared) : identify(prepared.poll, m.r.style.mode);
    return api.call(caller, 'vote.AttachedVote.recall', params, style, purpose);
  });
}

function changed(before: Attach, after: Attach): boolean {
  return pollUnchanged('RCL-REF-01', before, after).length > 0;
}

/** The group of refusals on one poll scenario: sent together on first use, each judged from the result. */
function groupFor(pollScenario: Refusal['poll']) {
  const existing = groups.get(pollScenario);
  if (existing) return existing;
  const members: Member[] = [];
  const run = scenario(`${pollNames.get(pollScenario) ?? 'poll'}: refusals`, async () => {
    const prepared = await pollScenario();
    if (prepared instanceof Skip) return prepared;
    const { poll, ballot } = prepared;
    const before = prepared.before ?? (await api.get(participant, poll));
    const answers = new Map<Member, Exchange | Skip | Unsent>();
    for (const m of members) {
      try {
        const sending = send(m, prepared, 'judged');
        answers.set(m, sending instanceof Skip ? sending : await sending);
      } catch (error) {
        answers.set(m, new Unsent(error));
      }
    }
    const judged = members.filter((m) => !(answers.get(m) instanceof Skip || answers.get(m) instanceof Unsent));
    const sent = new Map<Member, Sent | Skip | Unsent>();
    for (const m of members) {
      const answer = answers.get(m)!;
      if (answer instanceof Skip || answer instanceof Unsent) sent.set(m, answer);
    }
    if (judged.length === 0) return sent;
    const after = await api.get(participant, poll);
    for (const m of judged) sent.set(m, { exchange: answers.get(m) as Exchange, before, after });
    if (judged.length < 2 || !changed(before, after) || !ballot) return sent;
    // Something changed the poll: send each refusal again alone to name it, each judged on its
    // own answer and views. Every view here is a get (the group's "before" may be the vote
    // response); the view after one refusal is the next one's "before", and the vote is restored
    // first and after any refusal that changed the poll.
    const restore = async () => {
      await api.vote(participant, poll, ballot, 'bisection');
      return api.get(participant, poll, 'bisection');
    };
    let view = await restore();
    let found = false;
    for (const m of judged) {
      const again = send(m, prepared, 'bisection');
      if (again instanceof Skip) continue;
      // A call that cannot be sent again keeps its group answer; the poll is read all the same.
      const exchange = await again.catch(() => undefined);
      const next = await api.get(participant, poll, 'bisection');
      const culprit = changed(view, next);
      if (exchange) sent.set(m, { exchange, before: view, after: next });
      found ||= culprit && exchange !== undefined;
      view = culprit ? await restore() : next;
    }
    // Not reproduced alone: every refusal of the group keeps its group answer and views, and so fails.
    if (!found) for (const m of judged) sent.set(m, { exchange: answers.get(m) as Exchange, before, after });
    return sent;
  });
  const group = { members, run };
  groups.set(pollScenario, group);
  return group;
}

/** Declares one refused call of its poll's group, judged on its own answer and the group's views of the poll. */
function refusalCase(name: string, r: Refusal): void {
  const encoded = planStyle(ctx, r.style.mode, r.style.auth, r.style.encodings);
  // A label (a malformed identifier's variant) stands for the mode in the case's name.
  const planned = r.style.label ? { ...encoded, name: encoded.name.replace(/^[^/]+/, r.style.label) } : encoded;
  const member: Member = { r, planned };
  const group = groupFor(r.poll);
  group.members.push(member);
  clauseCase(r.clause, planned, async () => {
    const outcome = await group.run();
    if (outcome instanceof Skip) return outcome;
    const mine = outcome.get(member)!;
    if (mine instanceof Skip) return mine;
    if (mine instanceof Unsent) throw mine.error;
    const { before, exchange, after } = mine;
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
  refusalCase('re-vote disabled', { clause: 'RCL-REF-01', style: style('webhook', 'json'), poll: revoteDisabledPoll, gap: codeGap('a recall on a poll whose "Allow re-voting" option is off') });
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
    params: ({ poll }) => ({ signedAttachId: forge(poll.signedAttachId) }),
    gap: codeGap('a signedAttachId whose signature does not verify', '3. By the signed ID'),
  });
});

describe('moduleId and entityType that do not match the entity', () => {
  refusalCase('module/entity mismatch', {
    clause: 'RCL-REF-05',
    style: style('webhook', 'form', 'entity'),
    poll: votedPoll,
    params: ({ poll }) => ({ moduleId: BLOG_MODULE_ID, entityType: IM_ENTITY_TYPE, entityId: poll.entityId }),
    gap: codeGap('a moduleId and entityType that do not match the element', '2. By the poll element'),
  });
});

describe('a finished poll', () => {
  // The setup ends with stop, so "before" is a get; a stopped poll takes no vote to restore it.
  const poll = refusalPoll('a finished poll: poll', async () => {
    const p = await api.createPoll({ options: 1, fieldType: 0, answers: 2 });
    await api.vote(participant, p, api.ballotOf(p, [1]));
    await api.stop(p);
    return { poll: p };
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
      params: ({ poll }) => params(poll),
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
  // Aimed at the voted poll, so they join its group; "another attach's" signature is the decoy's.
  const signatureOf = (signed: string) => signed.slice(signed.lastIndexOf('.') + 1);
  const cases: [string, Style['encoding'], (poll: Poll, other: Poll) => Record<string, unknown>][] = [
    ['cut to half its length', 'json', (poll) => ({ signedAttachId: `${poll.attachId}.${signatureOf(poll.signedAttachId).slice(0, Math.ceil(signatureOf(poll.signedAttachId).length / 2))}` })],
    ["another attach's signature", 'form', (poll, other) => ({ signedAttachId: `${poll.attachId}.${signatureOf(other.signedAttachId)}` })],
  ];
  describe.for(cases.map((c) => [c[0], c] as const))('%s', ([, [what, encoding, params]]) => {
    refusalCase(`signature ${what}`, {
      clause: 'RCL-REF-13',
      style: style('webhook', encoding, 'signed'),
      poll: votedPoll,
      params: ({ poll, other, noOther }) => {
        if (!other) throw new SetupError(`the decoy poll (the re-voting disabled one), whose signature this case borrows, could not be set up: ${noOther ?? 'no reason given'}`);
        return params(poll, other);
      },
      gap: codeGap(`a signedAttachId whose signature is ${what}`, '3. By the signed ID'),
    });
  });
});
