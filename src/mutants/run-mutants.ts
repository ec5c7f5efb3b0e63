/**
 * Detection power: the suite against the faithful reference portal, every faithful variant and
 * every fault. A fault is killed when at least one clause fails against it; a faithful portal or
 * variant must fail nothing. Runs share vitest sessions (see suite-session.ts), several at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVIATIONS } from '../portal/faults';
import type { Deviation } from '../portal/hooks';
import { runConformance, type SpecRunner } from '../runner/run';
import { openSuiteSession, type SuiteSession } from './suite-session';

export type SubjectKind = 'faithful' | 'variant' | 'fault';

export interface Subject {
  name: string;
  kind: SubjectKind;
  description: string;
  /** Clauses expected to catch a fault; empty otherwise. */
  expected: string[];
  /** Portal deviations applied (none for the faithful portal). */
  faults: Array<string | Deviation>;
}

export interface SubjectOutcome {
  name: string;
  kind: SubjectKind;
  description: string;
  expected: string[];
  /** Clauses with at least one failed case. */
  failedClauses: string[];
  /** Expected clauses that did not fail. */
  missedExpected: string[];
  failedCases: number;
  passedCases: number;
  skippedCases: number;
  /** Errors outside any case (a spec that did not load, an unhandled error). */
  errors: string[];
  /** HTTP requests of the run, and how many were answered 503 QUERY_LIMIT_EXCEEDED (and retried). */
  requests: number;
  rateLimited: number;
  /** killed/survived for faults; passed/failed for the faithful portal and variants. */
  verdict: 'killed' | 'survived' | 'passed' | 'failed';
  durationMs: number;
}

/** What reports/mutants.json holds. */
export interface MutantsReport {
  /** Number of faults run. */
  total: number;
  killed: number;
  /** Names of faults no clause caught. */
  survived: string[];
  /** Names of the faithful portal or variants the suite failed. */
  falsePositives: string[];
  jobs: number;
  durationMs: number;
  outcomes: SubjectOutcome[];
}

export const FAITHFUL_SUBJECT: Subject = {
  name: 'faithful',
  kind: 'faithful',
  description: 'the reference portal as documented',
  expected: [],
  faults: [],
};

/** The faithful portal, then each variant, then each fault of the catalogue (plus `extra`). */
export function catalogueSubjects(extra: readonly Deviation[] = []): Subject[] {
  const all = [...DEVIATIONS, ...extra];
  const of = (kind: Deviation['kind']): Subject[] =>
    all
      .filter((d) => d.kind === kind)
      .map((d) => ({ name: d.name, kind, description: d.description, expected: [...d.clauses], faults: [extra.includes(d) ? d : d.name] }));
  return [FAITHFUL_SUBJECT, ...of('variant'), ...of('fault')];
}

/**
 * The environment of a mutant run: always the embedded reference portal and the undici client,
 * unpaced, with a short retry backoff (the random-503 variant is retried, not waited out).
 */
export function mutantEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, B24_TARGET: 'reference', B24_TRANSPORT: 'undici', B24_RATE: '100000,100000', B24_RETRY_BASE_MS: '5' };
  for (const key of Object.keys(env)) {
    if (/^B24_(WEBHOOK_URL|OAUTH_|COVOTER_|OUTSIDER_|CHAT_ID|EXPIRED_|CA_FILE|ALLOW_INSECURE)/.test(key)) delete env[key];
  }
  return env;
}

export async function runSubject(subject: Subject, env: NodeJS.ProcessEnv, specRunner: SpecRunner | undefined, reportsDir: string): Promise<SubjectOutcome> {
  const started = performance.now();
  const { report } = await runConformance({
    env,
    portal: { faults: subject.faults },
    writeFiles: false,
    reportsDir,
    ...(specRunner ? { specRunner } : {}),
  });
  const failedClauses = report.clauses.filter((c) => c.status === 'failed').map((c) => c.id);
  const failed = failedClauses.length > 0 || report.errors.length > 0;
  const verdict = subject.kind === 'fault' ? (failedClauses.length > 0 ? 'killed' : 'survived') : failed ? 'failed' : 'passed';
  return {
    name: subject.name,
    kind: subject.kind,
    description: subject.description,
    expected: subject.expected,
    failedClauses,
    missedExpected: subject.expected.filter((id) => !failedClauses.includes(id)),
    failedCases: report.summary.failed,
    passedCases: report.summary.passed,
    skippedCases: report.summary.skipped,
    errors: report.errors,
    requests: report.requests.total,
    rateLimited: report.requests.rateLimited,
    verdict,
    durationMs: Math.round(performance.now() - started),
  };
}

export interface MutantsOptions {
  subjects: Subject[];
  env: NodeJS.ProcessEnv;
  /** Runs at once, each in its own vitest session (default 2). */
  jobs?: number;
  /** Called as each subject finishes. */
  onOutcome?: (outcome: SubjectOutcome, done: number, total: number) => void;
}

export async function runMutants(options: MutantsOptions): Promise<MutantsReport> {
  const started = performance.now();
  const jobs = Math.max(1, Math.min(options.jobs ?? 2, options.subjects.length));
  const env = mutantEnv(options.env);
  const reportsDir = mkdtempSync(join(tmpdir(), 'b24-mutants-'));
  const outcomes = new Array<SubjectOutcome>(options.subjects.length);
  const sessions: SuiteSession[] = [];
  let next = 0;
  let done = 0;
  try {
    for (let i = 0; i < jobs; i++) sessions.push(await openSuiteSession());
    await Promise.all(
      sessions.map(async (session) => {
        for (let index = next++; index < options.subjects.length; index = next++) {
          const outcome = await runSubject(options.subjects[index]!, env, session, reportsDir);
          outcomes[index] = outcome;
          options.onOutcome?.(outcome, ++done, options.subjects.length);
        }
      }),
    );
  } finally {
    for (const session of sessions) await session.close();
    rmSync(reportsDir, { recursive: true, force: true });
  }
  const faults = outcomes.filter((o) => o.kind === 'fault');
  return {
    total: faults.length,
    killed: faults.filter((o) => o.verdict === 'killed').length,
    survived: faults.filter((o) => o.verdict === 'survived').map((o) => o.name),
    falsePositives: outcomes.filter((o) => o.kind !== 'fault' && o.verdict === 'failed').map((o) => o.name),
    jobs,
    durationMs: Math.round(performance.now() - started),
    outcomes,
  };
}

/** 0 when every fault was killed and every faithful subject passed. */
export function mutantsExitCode(report: MutantsReport): number {
  return report.survived.length === 0 && report.falsePositives.length === 0 && report.outcomes.length > 0 ? 0 : 1;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The table: each subject, its verdict, the clauses that failed, and whether the expected ones were among them. */
export function renderMutantsTable(report: MutantsReport): string {
  const nameWidth = Math.max(12, ...report.outcomes.map((o) => o.name.length)) + 2;
  const lines = [`${pad('subject', nameWidth)}${pad('kind', 10)}${pad('verdict', 10)}${pad('expected', 10)}caught by`];
  for (const o of report.outcomes) {
    const expectedCell = o.kind !== 'fault' ? '' : o.missedExpected.length === 0 ? 'all' : o.missedExpected.length === o.expected.length ? 'none' : 'some';
    const caught = o.kind === 'fault' ? o.failedClauses.join(' ') || '(nothing)' : o.failedClauses.join(' ');
    lines.push(`${pad(o.name, nameWidth)}${pad(o.kind, 10)}${pad(o.verdict.toUpperCase(), 10)}${pad(expectedCell, 10)}${caught}`);
    if (o.kind === 'fault' && o.missedExpected.length > 0) lines.push(`${pad('', nameWidth + 30)}expected but not failed: ${o.missedExpected.join(' ')}`);
    for (const e of o.errors) lines.push(`${pad('', nameWidth + 30)}error: ${e.split('\n')[0]}`);
  }
  const faithful = report.outcomes.filter((o) => o.kind !== 'fault');
  lines.push(
    '',
    `faults: ${report.killed}/${report.total} killed${report.survived.length ? `; SURVIVED: ${report.survived.join(', ')}` : ''}`,
    `faithful portal and variants: ${faithful.length - report.falsePositives.length}/${faithful.length} passed${report.falsePositives.length ? `; FAILED: ${report.falsePositives.join(', ')}` : ''}`,
    `${report.outcomes.length} runs in ${(report.durationMs / 1000).toFixed(1)} s with ${report.jobs} vitest session(s)`,
  );
  return lines.join('\n');
}
