/**
 * The conformance report: what reports/conformance.json holds, and what the terminal summary,
 * junit and HTML renderings are made from. Built from case results; contains no secret.
 */
import { ENCODINGS, type Encoding, type Exchange } from '../client/types';
import { CLAUSES } from '../contract/clauses';
import type { Observation } from '../contract/observations';
import { columnOf } from './terminal';
import { REQUEST_PURPOSES, type RequestPurpose } from '../run-files';

/**
 * The requests a full live run on a faithful portal should fit in: the burst a cloud portal
 * allows before it paces a client (50, draining 2 per second), so such a run needs no pacing.
 */
export const REQUEST_BUDGET = 50;

export type Status = 'passed' | 'failed' | 'skipped';

export interface CaseReport {
  /** Full test name: file, call style and clause. */
  name: string;
  callStyle: string;
  /** The encoding of the call under test, when one was chosen. */
  encoding?: Encoding;
  status: Status;
  /** The failure text, or the skip reason. */
  message?: string;
  /** The request the verdict was about, masked. */
  request?: string;
  violations?: { message: string; expected?: unknown; received?: unknown; path?: string }[];
}

export interface ClauseReport {
  id: string;
  title: string;
  source: string;
  status: Status;
  cases: CaseReport[];
}

export interface ObservationReport extends Observation {
  /** How many cases saw it, and in which call styles. */
  count: number;
  callStyles: string[];
}

export interface RequestSummary {
  total: number;
  /** The goal a full run on a faithful portal is held to (REQUEST_BUDGET). */
  budget: number;
  byMethod: Record<string, number>;
  /**
   * Why they were sent: setup, judged (the call a case judges), read (before/after views),
   * bisection (extra requests spent only to name which refusal of a group changed a poll: 0 on a
   * faithful target), cleanup; `unattributed` for any exchange logged without a purpose.
   */
  byPurpose: Partial<Record<RequestPurpose | 'unattributed', number>>;
  /** Answers with 503 QUERY_LIMIT_EXCEEDED (retried by the client). */
  rateLimited: number;
  list: { seq: number; method: string; purpose?: RequestPurpose; httpMethod: string; url: string; status?: number; error?: string; attempts: number; durationMs: number }[];
}

/** Per clause: the identifier mode / auth style cells it has cases in, and how many of them judged it. */
export interface ClauseCoverage {
  id: string;
  /** Cells (`attach/webhook`, …) with at least one case of this clause. */
  cells: number;
  /** Cells where at least one case passed or failed. */
  cellsJudged: number;
  /** The cells where every case was skipped. */
  notJudged: string[];
}

/** How much of the suite was judged: a skip is neither a pass nor a failure, and is counted here. */
export interface Coverage {
  /** Cases that passed or failed. */
  judged: number;
  /** All cases. */
  total: number;
  /** Judged cases per encoding of the call under test. */
  encodings: Partial<Record<Encoding, number>>;
  clauses: ClauseCoverage[];
  /** B24_REQUIRE_FULL=1: any skipped case fails the run. */
  required: boolean;
  /** Every skipped case with its reason, `RCL-REF-02 [attach/webhook/form]: needs …`. */
  unjudged: string[];
}

export interface ConformanceReport {
  tool: { name: string; version: string };
  date: string;
  target: { kind: string; origin: string; transport: string };
  summary: { passed: number; failed: number; skipped: number };
  coverage: Coverage;
  clauses: ClauseReport[];
  observations: ObservationReport[];
  requests: RequestSummary;
  /** Failures outside any case: a spec that did not load, an unhandled error. */
  errors: string[];
}

export interface CaseInput extends CaseReport {
  clause?: string;
  observations?: Observation[];
}

function worst(statuses: Status[]): Status {
  if (statuses.includes('failed')) return 'failed';
  if (statuses.includes('passed')) return 'passed';
  return 'skipped';
}

export function summariseRequests(exchanges: (Exchange & { purpose?: RequestPurpose })[]): RequestSummary {
  const byMethod: Record<string, number> = {};
  const purposes: Record<string, number> = {};
  let total = 0;
  let rateLimited = 0;
  for (const e of exchanges) {
    total += e.attempts;
    byMethod[e.request.method] = (byMethod[e.request.method] ?? 0) + e.attempts;
    const why = e.purpose ?? 'unattributed';
    purposes[why] = (purposes[why] ?? 0) + e.attempts;
    rateLimited += e.attempts - 1;
    const code = (e.response?.json as { error?: unknown } | undefined)?.error;
    if (e.response?.status === 503 && code === 'QUERY_LIMIT_EXCEEDED') rateLimited += 1;
  }
  const byPurpose: RequestSummary['byPurpose'] = {};
  for (const why of [...REQUEST_PURPOSES, 'unattributed' as const]) {
    if (purposes[why] !== undefined || why === 'bisection') byPurpose[why] = purposes[why] ?? 0;
  }
  const list = exchanges.map((e) => ({
    seq: e.seq, method: e.request.method, ...(e.purpose ? { purpose: e.purpose } : {}), httpMethod: e.request.httpMethod, url: e.request.url,
    status: e.response?.status, error: e.error, attempts: e.attempts, durationMs: Math.round(e.durationMs),
  }));
  return { total, budget: REQUEST_BUDGET, byMethod: Object.fromEntries(Object.entries(byMethod).sort()), byPurpose, rateLimited, list };
}

export function coverageOf(clauses: ClauseReport[], required: boolean): Coverage {
  const cases = clauses.flatMap((c) => c.cases);
  const judged = (k: CaseReport) => k.status !== 'skipped';
  const encodings: Partial<Record<Encoding, number>> = {};
  for (const encoding of ENCODINGS) {
    const count = cases.filter((k) => judged(k) && k.encoding === encoding).length;
    if (count > 0) encodings[encoding] = count;
  }
  return {
    judged: cases.filter(judged).length,
    total: cases.length,
    encodings,
    clauses: clauses.map((c) => {
      const cells = [...new Set(c.cases.map((k) => columnOf(k.callStyle)))].sort();
      const notJudged = cells.filter((cell) => !c.cases.some((k) => columnOf(k.callStyle) === cell && judged(k)));
      return { id: c.id, cells: cells.length, cellsJudged: cells.length - notJudged.length, notJudged };
    }),
    required,
    unjudged: clauses.flatMap((c) => c.cases.filter((k) => !judged(k)).map((k) => `${c.id} [${k.callStyle}]: ${k.message ?? 'skipped'}`)),
  };
}

export function buildReport(input: {
  target: ConformanceReport['target'];
  cases: CaseInput[];
  exchanges: Exchange[];
  errors: string[];
  version: string;
  date?: Date;
  /** B24_REQUIRE_FULL=1: a skipped case fails the run. */
  requireFull?: boolean;
}): ConformanceReport {
  const clauses: ClauseReport[] = CLAUSES.map((c) => {
    const cases = input.cases
      .filter((k) => k.clause === c.id)
      .map(({ clause: _clause, observations: _obs, ...rest }) => rest)
      .sort((a, b) => a.name.localeCompare(b.name));
    return { id: c.id, title: c.title, source: c.source, status: worst(cases.map((k) => k.status)), cases };
  });
  const summary = { passed: 0, failed: 0, skipped: 0 };
  for (const k of input.cases) summary[k.status]++;

  const seen = new Map<string, ObservationReport>();
  for (const k of input.cases) {
    for (const o of k.observations ?? []) {
      // Gaps in both documentation sets go to reports/doc-gaps.md; the answer itself is observed apart.
      if (o.topic.startsWith('doc gap:')) continue;
      const key = `${o.topic}\u0000${o.detail}`;
      const entry = seen.get(key) ?? { topic: o.topic, detail: o.detail, count: 0, callStyles: [] as string[] };
      entry.count++;
      if (!entry.callStyles.includes(k.callStyle)) entry.callStyles.push(k.callStyle);
      seen.set(key, entry);
    }
  }
  const observations = [...seen.values()]
    .map((o) => ({ ...o, callStyles: o.callStyles.sort() }))
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.detail.localeCompare(b.detail));

  return {
    tool: { name: 'b24-recall-conformance', version: input.version },
    date: (input.date ?? new Date()).toISOString(),
    target: input.target,
    summary,
    coverage: coverageOf(clauses, input.requireFull ?? false),
    clauses,
    observations,
    requests: summariseRequests(input.exchanges),
    errors: input.errors,
  };
}

/** Whether B24_REQUIRE_FULL=1 was asked for and some case was not judged. */
export function coverageUnmet(report: ConformanceReport): boolean {
  return report.coverage.required && report.coverage.unjudged.length > 0;
}

/** 0 if and only if nothing failed (and something ran), and, with B24_REQUIRE_FULL=1, nothing was skipped. */
export function exitCodeOf(report: ConformanceReport): number {
  const ran = report.summary.passed + report.summary.failed + report.summary.skipped;
  return report.summary.failed === 0 && report.errors.length === 0 && ran > 0 && !coverageUnmet(report) ? 0 : 1;
}
