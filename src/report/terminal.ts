/**
 * The terminal summary: the clause x call-style matrix, each failure with expected, received
 * and request, the observations, and the request count.
 */
import { maskSecrets } from '../client/secrets';
import { coverageUnmet, type ConformanceReport, type Status } from './model';

const MARK: Record<Status, string> = { passed: 'ok', failed: 'FAIL', skipped: '-' };

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The matrix column of a case: its identifier mode and auth style (`attach/webhook`); the encoding is a detail. */
export function columnOf(callStyle: string): string {
  return callStyle.split('/').slice(0, 2).join('/').split(' ')[0] ?? callStyle;
}

export function renderSummary(report: ConformanceReport, files: string[] = []): string {
  const styles = [...new Set(report.clauses.flatMap((c) => c.cases.map((k) => columnOf(k.callStyle))))].sort();
  const idWidth = Math.max(...report.clauses.map((c) => c.id.length)) + 2;
  const colWidth = Math.max(6, ...styles.map((s) => s.length)) + 2;
  const lines: string[] = [];
  const { kind, origin, transport } = report.target;
  lines.push(`vote.AttachedVote.recall conformance: ${kind} target ${origin} via ${transport}`, '');
  const cellsOf = new Map(report.coverage.clauses.map((c) => [c.id, c]));
  lines.push(pad('clause', idWidth) + styles.map((s) => pad(s, colWidth)).join('') + 'cells judged');
  for (const c of report.clauses) {
    const cells = styles.map((s) => {
      const cases = c.cases.filter((k) => columnOf(k.callStyle) === s);
      if (cases.length === 0) return pad('', colWidth);
      const status: Status = cases.some((k) => k.status === 'failed') ? 'failed' : cases.some((k) => k.status === 'passed') ? 'passed' : 'skipped';
      return pad(MARK[status], colWidth);
    });
    const cov = cellsOf.get(c.id);
    lines.push(pad(c.id, idWidth) + cells.join('') + (c.cases.length === 0 ? '(no case ran)' : cov ? `${cov.cellsJudged}/${cov.cells}` : ''));
  }
  lines.push('', coverageLine(report));

  const failures = report.clauses.flatMap((c) => c.cases.filter((k) => k.status === 'failed'));
  if (failures.length > 0) {
    lines.push('', 'Failures:');
    for (const k of failures) lines.push('', k.message ?? k.name);
  }
  const skipReasons = new Map<string, string[]>();
  for (const c of report.clauses) {
    for (const k of c.cases.filter((x) => x.status === 'skipped')) {
      const reason = k.message ?? 'skipped';
      skipReasons.set(reason, [...(skipReasons.get(reason) ?? []), `${c.id} [${k.callStyle}]`]);
    }
  }
  if (skipReasons.size > 0) {
    lines.push('', 'Skipped:');
    for (const [reason, cases] of skipReasons) lines.push(`  ${reason}: ${cases.length} case(s), e.g. ${cases.slice(0, 3).join(', ')}`);
  }
  if (coverageUnmet(report)) {
    lines.push('', `Coverage required (B24_REQUIRE_FULL=1), but ${report.coverage.unjudged.length} case(s) were skipped:`);
    for (const item of report.coverage.unjudged) lines.push(`  ${item}`);
  }
  if (report.errors.length > 0) {
    lines.push('', 'Errors outside any case:');
    for (const e of report.errors) lines.push(`  ${e}`);
  }
  if (report.observations.length > 0) {
    lines.push('', 'Observations (where the docs are silent; these never fail a run):');
    for (const o of report.observations) lines.push(`  ${o.topic}: ${o.detail}  (${o.count} case(s))`);
  }
  const { passed, failed, skipped } = report.summary;
  const r = report.requests;
  lines.push('', `HTTP requests: ${r.total}${r.rateLimited ? ` (${r.rateLimited} answered 503 QUERY_LIMIT_EXCEEDED and retried)` : ''}`);
  lines.push(budgetLine(r));
  for (const f of files) lines.push(`Report: ${f}`);
  const unmet = coverageUnmet(report) ? ` (the run fails: B24_REQUIRE_FULL=1 and ${skipped} skipped)` : '';
  lines.push('', `${passed} passed, ${failed} failed, ${skipped} skipped${unmet}`);
  return maskSecrets(lines.join('\n'));
}

/** `Coverage: 128 of 128 cases judged; by encoding: json 70, form 20, …`. */
export function coverageLine(report: ConformanceReport): string {
  const { judged, total, encodings } = report.coverage;
  const byEncoding = Object.entries(encodings).map(([encoding, count]) => `${encoding} ${count}`);
  return `Coverage: ${judged} of ${total} cases judged${byEncoding.length ? `; by encoding: ${byEncoding.join(', ')}` : ''}`;
}

/** `Request budget: 48 of 50 (setup 12, judged 20, read 10, bisection 0, cleanup 6)`, and what bisection cost. */
export function budgetLine(r: ConformanceReport['requests']): string {
  const parts = Object.entries(r.byPurpose ?? {}).map(([why, n]) => `${why} ${n}`);
  const over = r.total > r.budget ? `, ${r.total - r.budget} over` : '';
  const bisection = r.byPurpose?.bisection ? `; naming the refusal that changed a poll cost ${r.byPurpose.bisection} extra request(s)` : '';
  return `Request budget: ${r.total} of ${r.budget}${over} (${parts.join(', ')})${bisection}`;
}
