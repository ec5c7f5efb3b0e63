import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { mutantsMain } from '../../scripts/mutants';
import { isClauseId } from '../contract/clauses';
import { DEVIATIONS } from '../portal/faults';
import type { Deviation } from '../portal/hooks';
import { catalogueSubjects, mutantEnv, mutantsExitCode, renderMutantsTable, type MutantsReport, type SubjectOutcome } from './run-mutants';

const dir = mkdtempSync(join(tmpdir(), 'b24-mutants-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A "fault" that changes nothing a client can see: no clause can catch it, by construction. */
const UNCATCHABLE: Deviation = {
  name: 'uncaught-by-design',
  kind: 'fault',
  description: 'renders every attach unchanged: a deliberately undetectable fault',
  clauses: ['RCL-STATE-01'],
  renderAttach: (attach) => ({ ...attach }),
};

describe('the catalogue', () => {
  const faults = DEVIATIONS.filter((d) => d.kind === 'fault');

  test('holds at least 30 faults, each naming known clauses expected to catch it', () => {
    expect(faults.length).toBeGreaterThanOrEqual(30);
    for (const fault of faults) {
      expect(fault.clauses.length, fault.name).toBeGreaterThan(0);
      for (const id of fault.clauses) expect(isClauseId(id), `${fault.name}: ${id}`).toBe(true);
    }
  });

  test('variants name no clause; subjects are the faithful portal, then variants, then faults', () => {
    for (const variant of DEVIATIONS.filter((d) => d.kind === 'variant')) expect(variant.clauses).toEqual([]);
    const subjects = catalogueSubjects([UNCATCHABLE]);
    expect(subjects[0]).toMatchObject({ name: 'faithful', kind: 'faithful', faults: [] });
    const kinds = subjects.map((s) => s.kind);
    expect(kinds.lastIndexOf('variant')).toBeLessThan(kinds.indexOf('fault'));
    expect(subjects.at(-1)).toMatchObject({ name: 'uncaught-by-design', faults: [UNCATCHABLE] });
  });

  test('a mutant run always targets the embedded portal, unpaced, whatever the environment says', () => {
    const env = mutantEnv({ B24_WEBHOOK_URL: 'https://portal.example.com/rest/1/secret/', B24_TARGET: 'live', B24_TRANSPORT: 'b24jssdk', B24_CHAT_ID: '5', PATH: '/bin' });
    expect(env).toMatchObject({ B24_TARGET: 'reference', B24_TRANSPORT: 'undici', B24_RETRY_BASE_MS: '5', PATH: '/bin' });
    expect(env.B24_WEBHOOK_URL).toBeUndefined();
    expect(env.B24_CHAT_ID).toBeUndefined();
  });
});

describe('verdicts', () => {
  const outcome = (over: Partial<SubjectOutcome>): SubjectOutcome => ({
    name: 'x', kind: 'fault', description: '', expected: ['RCL-COUNT-01'], failedClauses: [], missedExpected: [], failedCases: 0,
    passedCases: 1, skippedCases: 0, errors: [], requests: 1, rateLimited: 0, verdict: 'killed', durationMs: 1, ...over,
  });
  const report = (outcomes: SubjectOutcome[], survived: string[] = [], falsePositives: string[] = []): MutantsReport => ({
    total: outcomes.filter((o) => o.kind === 'fault').length, killed: 0, survived, falsePositives, jobs: 1, durationMs: 1, outcomes,
  });

  test('exit 0 only when nothing survived, nothing faithful failed, and something ran', () => {
    expect(mutantsExitCode(report([outcome({})]))).toBe(0);
    expect(mutantsExitCode(report([outcome({ verdict: 'survived' })], ['x']))).toBe(1);
    expect(mutantsExitCode(report([outcome({ kind: 'variant', verdict: 'failed' })], [], ['x']))).toBe(1);
    expect(mutantsExitCode(report([]))).toBe(1);
  });

  test('the table says which expected clauses a kill missed', () => {
    const table = renderMutantsTable(report([outcome({ name: 'half-caught', failedClauses: ['RCL-COUNT-02'], missedExpected: ['RCL-COUNT-01'] })]));
    expect(table).toMatch(/half-caught\s+fault\s+KILLED\s+none\s+RCL-COUNT-02/);
    expect(table).toContain('expected but not failed: RCL-COUNT-01');
  });
});

describe('npm run mutants', () => {
  test('a fault no clause catches survives, is reported, and fails the run', async () => {
    const out = join(dir, 'mutants.json');
    const lines: string[] = [];
    const code = await mutantsMain(['--only', 'counters-not-decremented,uncaught-by-design', '--out', out], {
      extra: [UNCATCHABLE],
      print: (line) => lines.push(line),
    });
    const report = JSON.parse(readFileSync(out, 'utf8')) as MutantsReport;
    expect(report).toMatchObject({ total: 2, killed: 1, survived: ['uncaught-by-design'], falsePositives: [] });
    expect(report.outcomes.map((o) => [o.name, o.verdict])).toEqual([
      ['faithful', 'passed'],
      ['counters-not-decremented', 'killed'],
      ['uncaught-by-design', 'survived'],
    ]);
    expect(report.outcomes[1]!.failedClauses).toEqual(expect.arrayContaining(['RCL-COUNT-01', 'RCL-COUNT-03']));
    expect(lines.join('\n')).toMatch(/uncaught-by-design\s+fault\s+SURVIVED\s+none\s+\(nothing\)/);
    expect(lines.join('\n')).toContain('SURVIVED: uncaught-by-design');
    expect(code).toBe(1);
  }, 180_000);

  test('usage mistakes exit 2 before anything runs, saying what is wrong', async () => {
    const errors: string[] = [];
    const quiet = { print: () => {}, printError: (line: string) => errors.push(line) };
    expect(await mutantsMain(['--only', 'no-such-fault'], quiet)).toBe(2);
    expect(await mutantsMain(['--jobs', '0'], quiet)).toBe(2);
    expect(await mutantsMain(['--frobnicate'], quiet)).toBe(2);
    expect(errors[0]).toBe('mutants: unknown fault or variant no-such-fault (see src/portal/faults.ts)');
    expect(errors[1]).toMatch(/^mutants: --jobs must be a whole number from 1 to 8 \(got "0"\)/);
    expect(errors[2]).toMatch(/^mutants: unknown argument --frobnicate/);
  });
});
