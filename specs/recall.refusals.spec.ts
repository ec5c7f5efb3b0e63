/**
 * Refusals: each is a 4xx error envelope that leaves the poll exactly as it was. Where the docs
 * fix the status or the code it is asserted; elsewhere the class (4xx) is, and what was seen is
 * recorded as an observation.
 *
 * The refusals aimed at one poll form a group, sent together between one "before" and one
 * "after" view of the participant's. The "before" is the attach the documented
 * vote.AttachedVote.vote response returns (vote.attachedvote.vote.md, `result.attach`) where
 * the poll's setup ends with the vote, a get otherwise. When the group's views differ, each
 * refusal is sent again alone, between reads of its own (restoring the vote whenever one of them
 * changed the poll), to name which did it: a faithful portal pays nothing for that, a faulty one
 * pays the extra requests, counted as `bisection`. If no re-run reproduces the change, every
 * refusal of the group is failed with the group's views: a change is never lost.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import { BLOG_MODULE_ID, IM_ENTITY_TYPE, identify, type IdMode } from '../src/client/call-styles';
import type { Credentials, Exchange } from '../src/client/types';
import { judgedAs, pollUnchanged, refusedWithErrorEnvelope, type Ballot, type RefusalExpectation } from '../src/contract/invariants';
import { observeRefusal } from '../src/contract/observations';
import type { ClauseId } from '../src/contract/clauses';
import type { Attach } from '../src/generated';
import { Api, type Poll, type Style } from './support/api';
import { clauseCase, scenario, Skip } from './support/clause-test';
import { sendingAsCase } from './support/current-case';
import { missingReason, suiteContext } from './support/context';
import { planStyle, sendable, type PlannedStyle } from './support/style';

const ctx = await suiteContext();
const api = new Api(ctx);
const { participant } = ctx.target;

afterAll(() => api.cleanup());

/** A poll set up for refusals: its "before" view, when the setup's last response carries one, and the ballot that restores it. */
interface RefusalPoll {
  poll: Poll;
  before?: Attach;
  /** The participant's ballot, voted again to restore the poll between re-runs; absent where voting again is impossible. */
  ballot?: Ballot;
}

/** A poll with re-voting allowed, on which the participant has voted. */
const votedPoll = scenario<RefusalPoll>(async () => {
  const poll = await api.createPoll({ options: 1, fieldType: 0, answers: 3 });
  const ballot = api.ballotOf(poll, [1]);
  return { poll, before: await api.vote(participant, poll, ballot), ballot };
});

interface Refusal {
  clause: ClauseId;
  style: RefusalStyle;
  poll: () => Promise<RefusalPoll | Skip>;
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

interface Member {
  name: string;
  r: Refusal;
  planned: PlannedStyle;
  /** The case's own key: its requests are logged and recorded under it, whichever case sends them. */
  key: string;
}

/** What one refusal of a group got: its answer, and the views its "changes nothing" is judged on. */
interface Sent {
  exchange: Exchange;
  before: Attach;
  after: Attach;
}

/** The refusals of each poll scenario, registered while the file is collected (before any case runs). */
const groups = new Map<Refusal['poll'], { members: Member[]; run: () => Promise<Map<Member, Sent | Skip> | Skip> }>();

function sendOne(m: Member, poll: Poll, purpose: 'judged' | 'bisection'): Promise<Exchange> | Skip {
  const style = sendable(m.planned);
  if (style instanceof Skip) return style;
  const caller = m.r.caller ? m.r.caller() : participant;
  if (caller instanceof Skip) return caller;
  const params = m.r.params ? m.r.params(poll) : identify(poll, m.r.style.mode);
  return sendingAsCase(m.key, () => api.call(caller, 'vote.AttachedVote.recall', params, style, purpose));
}

function groupFor(pollScenario: Refusal['poll']) {
  let group = groups.get(pollScenario);
  if (group) return group;
  const members: Member[] = [];
  const run = scenario(async () => {
    const prepared = await pollScenario();
    if (prepared instanceof Skip) return prepared;
    const { poll, ballot } = prepared;
    const before = prepared.before ?? (await api.get(participant, poll));
    const answers = new Map<Member, Exchange | Skip>();
    for (const m of members) {
      const sending = sendOne(m, poll, 'judged');
      answers.set(m, sending instanceof Skip ? sending : await sending);
    }
    const after = await api.get(participant, poll);
    const sent = new Map<Member, Sent | Skip>();
    const judged = members.filter((m) => !(answers.get(m) instanceof Skip));
    for (const m of members) {
      const answer = answers.get(m)!;
      sent.set(m, answer instanceof Skip ? answer : { exchange: answer, before, after });
    }
    if (judged.length < 2 || pollUnchanged(judged[0]!.r.clause, before, after).length === 0 || !ballot) return sent;
    // Something changed the poll: re-run each refusal alone to name it. Each read after one is the next one's "before".
    let view = await api.vote(participant, poll, ballot, 'bisection');
    let found = false;
    for (const m of judged) {
      const again = sendOne(m, poll, 'bisection');
      if (again instanceof Skip) continue;
      await again;
      const next = await api.get(participant, poll, 'bisection');
      const changed = pollUnchanged(m.r.clause, view, next).length > 0;
      sent.set(m, { exchange: (sent.get(m) as Sent).exchange, before: view, after: next });
      found ||= changed;
      view = changed ? await api.vote(participant, poll, ballot, 'bisection') : next;
    }
    // Not reproduced alone: every refusal of the group keeps the group's views, and so fails.
    if (!found) for (const m of judged) sent.set(m, { exchange: (sent.get(m) as Sent).exchange, before, after });
    return sent;
  });
  group = { members, run };
  groups.set(pollScenario, group);
  return group;
}

/** Registers a refused call in its poll's group and judges both its answer and the poll. */
function refusalCase(name: string, r: Refusal): void {
  const planned = planStyle(ctx, r.style.mode, r.style.auth, r.style.encodings);
  const group = groupFor(r.poll);
  const member: Member = { name, r, planned, key: '' };
  group.members.push(member);
  member.key = clauseCase(r.clause, planned, async () => {
    const style = sendable(planned);
    if (style instanceof Skip) return style;
    const caller = r.caller ? r.caller() : participant;
    if (caller instanceof Skip) return caller;
    const sent = await group.run();
    if (sent instanceof Skip) return sent;
    const mine = sent.get(member)!;
    if (mine instanceof Skip) return mine;
    return {
      verdict: judgedAs(r.clause, refusedWithErrorEnvelope(r.clause, mine.exchange, r.expect), pollUnchanged(r.clause, mine.before, mine.after)),
      exchange: mine.exchange,
      observations: observeRefusal(name, mine.exchange),
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
  const poll = scenario<RefusalPoll>(async () => {
    const p = await api.createPoll({ options: 0, fieldType: 0, answers: 2 });
    return { poll: p, before: await api.vote(participant, p, api.ballotOf(p, [0])) };
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
  const poll = scenario<RefusalPoll>(async () => {
    const p = await api.createPoll({ options: 1, fieldType: 0, answers: 2 });
    await api.vote(participant, p, api.ballotOf(p, [1]));
    await api.stop(p);
    return { poll: p };
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
