/**
 * The fleet summary: fleet.json (one entry per portal, with its clause verdicts so that shards
 * can be merged without re-reading their portals' reports), fleet.xml (JUnit, one suite per
 * portal) and the terminal matrix. Everything is masked on the way out.
 */
import { maskDeep, maskSecrets } from '../client/secrets';
import { CLAUSES } from '../contract/clauses';
import type { ConformanceReport, Status } from '../report/model';
import type { Shard } from './fleet-file';

export type Verdict = 'passed' | 'failed' | 'error';

export interface PortalClause {
  id: string;
  status: Status;
  /** The call styles of the failed cases, in the report's order. */
  failedIn?: string[];
}

export interface FleetPortalResult {
  name: string;
  /** passed: exit 0; failed: the run finished and something failed; error: it did not finish (config, unreachable, timeout, crash). */
  verdict: Verdict;
  summary: { passed: number; failed: number; skipped: number };
  /** The single run's exit code; null when it was stopped by a signal. */
  exitCode: number | null;
  /** Why the run did not finish, or errors outside any case. */
  error?: string;
  durationS: number;
  /** The portal's own HTML report, relative to the fleet folder, when it was written. */
  report?: string;
  target?: ConformanceReport['target'];
  clauses: PortalClause[];
}

export interface FleetReport {
  tool: { name: string; version: string };
  date: string;
  fleet: {
    /** Digest of every portal name in the fleet file (all shards). */
    digest: string;
    /** How many portals the fleet file holds (all shards). */
    portals: number;
  };
  /** The shards this report covers: [{index: 1, count: 1}] for an unsharded run. */
  shards: Shard[];
  summary: { portals: number; passed: number; failed: number; error: number };
  clauses: { id: string; title: string }[];
  /** Sorted by name. */
  portals: FleetPortalResult[];
}

export const FLEET_VERSION = '0.1.0';

/** What one portal's finished run left: its exit and, when written, its conformance.json. */
export function portalResult(input: {
  name: string;
  exitCode: number | null;
  durationMs: number;
  report?: ConformanceReport;
  /** Set when the run did not finish: a timeout, a signal, a configuration error. */
  error?: string;
  reportPath?: string;
}): FleetPortalResult {
  const { report } = input;
  const finished = report !== undefined && (input.exitCode === 0 || input.exitCode === 1) && input.error === undefined;
  const verdict: Verdict = !finished ? 'error' : input.exitCode === 0 ? 'passed' : 'failed';
  const result: FleetPortalResult = {
    name: input.name,
    verdict,
    summary: finished ? { ...report.summary } : { passed: 0, failed: 0, skipped: 0 },
    exitCode: input.exitCode,
    durationS: Math.round(input.durationMs / 100) / 10,
    clauses: finished
      ? report.clauses.map((c) => {
          const failedIn = c.cases.filter((k) => k.status === 'failed').map((k) => k.callStyle);
          return failedIn.length > 0 ? { id: c.id, status: c.status, failedIn } : { id: c.id, status: c.status };
        })
      : [],
  };
  const error = input.error ?? (finished && report.errors.length > 0 ? report.errors.join('\n') : undefined);
  if (error !== undefined) result.error = error;
  if (finished && input.reportPath) result.report = input.reportPath;
  if (finished) result.target = report.target;
  return maskDeep(result);
}

export function buildFleetReport(input: {
  portals: FleetPortalResult[];
  shards: Shard[];
  fleet: FleetReport['fleet'];
  clauses?: FleetReport['clauses'];
  date?: Date;
}): FleetReport {
  const portals = [...input.portals].sort((a, b) => a.name.localeCompare(b.name));
  const summary = { portals: portals.length, passed: 0, failed: 0, error: 0 };
  for (const p of portals) summary[p.verdict] += 1;
  const known = input.clauses ?? CLAUSES.map((c) => ({ id: c.id, title: c.title }));
  const clauses = [...known];
  for (const p of portals) for (const c of p.clauses) if (!clauses.some((k) => k.id === c.id)) clauses.push({ id: c.id, title: c.id });
  return maskDeep({
    tool: { name: 'b24-recall-conformance fleet', version: FLEET_VERSION },
    date: (input.date ?? new Date()).toISOString(),
    fleet: input.fleet,
    shards: [...input.shards].sort((a, b) => a.index - b.index),
    summary,
    clauses,
    portals,
  });
}

/** 0 only if every portal passed (and there was at least one, or the shard was empty by design). */
export function fleetExitCode(report: FleetReport): number {
  return report.portals.every((p) => p.verdict === 'passed') ? 0 : 1;
}

function xml(text: string): string {
  return maskSecrets(text)
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** fleet.xml: one testsuite per portal, one testcase per clause; a run that did not finish is one error. */
export function renderFleetJunit(report: FleetReport): string {
  const title = new Map(report.clauses.map((c) => [c.id, c.title]));
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites: string[] = [];
  for (const p of report.portals) {
    if (p.verdict === 'error') {
      tests += 1;
      errors += 1;
      suites.push(
        `  <testsuite name="${xml(p.name)}" tests="1" failures="0" errors="1" skipped="0" time="${p.durationS}">`,
        `    <testcase classname="${xml(p.name)}" name="run">`,
        `      <error message="${xml((p.error ?? 'the run did not finish').split('\n')[0]!)}">${xml(p.error ?? '')}</error>`,
        '    </testcase>',
        '  </testsuite>',
      );
      continue;
    }
    const f = p.clauses.filter((c) => c.status === 'failed').length;
    const s = p.clauses.filter((c) => c.status === 'skipped').length;
    tests += p.clauses.length;
    failures += f;
    skipped += s;
    suites.push(`  <testsuite name="${xml(p.name)}" tests="${p.clauses.length}" failures="${f}" errors="0" skipped="${s}" time="${p.durationS}">`);
    for (const c of p.clauses) {
      suites.push(`    <testcase classname="${xml(p.name)}" name="${xml(`${c.id} ${title.get(c.id) ?? ''}`.trim())}">`);
      if (c.status === 'failed') suites.push(`      <failure message="${xml(`failed in ${(c.failedIn ?? []).join(', ')}`)}">${xml(`see ${p.report ?? 'the portal report'}`)}</failure>`);
      if (c.status === 'skipped') suites.push('      <skipped/>');
      suites.push('    </testcase>');
    }
    if (p.error) suites.push(`    <system-err>${xml(p.error)}</system-err>`);
    suites.push('  </testsuite>');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="vote.AttachedVote.recall fleet conformance" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** The clause areas, in the registry's order: CALL, RESP, COUNT, ... */
function areasOf(report: FleetReport): string[] {
  return [...new Set(report.clauses.map((c) => areaOf(c.id)))];
}

export function areaOf(clauseId: string): string {
  return clauseId.replace(/^RCL-/, '').replace(/-\d+$/, '');
}

const VERDICT_MARK: Record<Verdict, string> = { passed: 'passed', failed: 'FAILED', error: 'ERROR' };

/** One line per portal as it finishes. */
export function progressLine(p: FleetPortalResult, done: number, total: number): string {
  const { passed, failed, skipped } = p.summary;
  const counts = p.verdict === 'error' ? (p.error ?? 'the run did not finish').split('\n')[0] : `${passed} passed, ${failed} failed, ${skipped} skipped`;
  const where = p.report ? `  ${p.report}` : '';
  return maskSecrets(`[${String(done).padStart(String(total).length)}/${total}] ${p.name}  ${VERDICT_MARK[p.verdict]}  ${counts}  (exit ${p.exitCode ?? 'signal'}, ${p.durationS} s)${where}`);
}

/** The portal x clause-area matrix, the failed clauses of each portal, and a closing line. */
export function renderFleetSummary(report: FleetReport, files: string[] = []): string {
  const areas = areasOf(report);
  const nameWidth = Math.max(6, ...report.portals.map((p) => p.name.length)) + 2;
  const cell = 9;
  const pad = (text: string, width: number) => (text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length));
  const lines = [`vote.AttachedVote.recall fleet conformance: ${report.portals.length} portal(s)${shardNote(report)}`, ''];
  lines.push(pad('portal', nameWidth) + pad('verdict', 9) + pad('pass', 6) + pad('fail', 6) + pad('skip', 6) + areas.map((a) => pad(a, cell)).join(''));
  for (const p of report.portals) {
    const head = pad(p.name, nameWidth) + pad(VERDICT_MARK[p.verdict], 9);
    if (p.verdict === 'error') {
      lines.push(head + (p.error ?? 'the run did not finish').split('\n')[0]);
      continue;
    }
    const cells = areas.map((area) => {
      const clauses = p.clauses.filter((c) => areaOf(c.id) === area);
      const failed = clauses.filter((c) => c.status === 'failed').length;
      if (failed > 0) return pad(`FAIL ${failed}`, cell);
      return pad(clauses.some((c) => c.status === 'passed') ? 'ok' : '-', cell);
    });
    lines.push(head + pad(String(p.summary.passed), 6) + pad(String(p.summary.failed), 6) + pad(String(p.summary.skipped), 6) + cells.join(''));
  }
  const failing = report.portals.filter((p) => p.verdict === 'failed');
  if (failing.length > 0) {
    lines.push('', 'Failed clauses:');
    for (const p of failing) {
      const ids = p.clauses.filter((c) => c.status === 'failed').map((c) => c.id);
      lines.push(`  ${p.name}: ${ids.length > 0 ? ids.join(', ') : (p.error ?? '').split('\n')[0]}`);
    }
  }
  lines.push('');
  for (const f of files) lines.push(`Report: ${f}`);
  const { portals, passed, failed, error } = report.summary;
  lines.push(`${portals} portal(s): ${passed} passed, ${failed} failed, ${error} did not finish`);
  return maskSecrets(lines.map((line) => line.trimEnd()).join('\n'));
}

function shardNote(report: FleetReport): string {
  const count = report.shards[0]?.count ?? 1;
  if (count === 1) return '';
  return ` in shard${report.shards.length > 1 ? 's' : ''} ${report.shards.map((s) => s.index).join(', ')} of ${count} (the fleet holds ${report.fleet.portals})`;
}
