/**
 * reports/conformance.html: one self-contained page (inline CSS, no script, no external request)
 * with the target and date, the clause x call-style matrix (each FAIL cell links to its failure),
 * the failures grouped by clause in collapsed groups (each case with expected, received and
 * request), skips, observations and the request count. Every string from the report (many come
 * from the portal) is escaped, and secrets are masked on the way out.
 */
import { maskSecrets } from '../client/secrets';
import { show } from './format';
import { coverageUnmet, type CaseReport, type ClauseReport, type ConformanceReport, type Status } from './model';
import { budgetLine, columnOf, coverageLine } from './terminal';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const e = (value: unknown): string => escapeHtml(String(value));

const LABEL: Record<Status, string> = { passed: 'pass', failed: 'FAIL', skipped: 'skip' };

/** The start of a self-contained page, up to </head>: nothing may load from outside the file. */
export function pageHead(title: string, css: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>`;
}

/** The page frame both reports share: colours, header, headings and the totals badges. */
export const BASE_CSS = `
:root { --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #b3261e; --fail-bg: #ffdcd7; --skip: #57606a; --skip-bg: #eaeef2; --err-bg: #fff1c2; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #fff; }
header { padding: 10px 24px; background: #f6f8fa; border-bottom: 1px solid var(--line); }
header p { margin: 4px 0; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 18px 0 8px; }
main { padding: 0 24px 32px; }
.meta { color: #57606a; }
.meta b { color: #1f2328; font-weight: 600; }
.totals span { display: inline-block; margin-right: 12px; padding: 2px 10px; border-radius: 12px; font-weight: 600; }
.totals .passed { background: var(--pass-bg); color: var(--pass); }
.totals .failed { background: var(--fail-bg); color: var(--fail); }
`;

const CSS = `${BASE_CSS}.totals .skipped { background: var(--skip-bg); color: var(--skip); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; white-space: nowrap; }
.overview { display: flex; flex-wrap: wrap; gap: 0 24px; align-items: flex-start; }
.overview > .matrix-box { flex: 0 0 auto; }
.overview > .failures-box { flex: 1 1 340px; min-width: 0; }
/* An open failure takes the full width, below the matrix. */
.overview:has(details.failures[open]) > .failures-box { flex-basis: 100%; }
.matrix { font-size: 12px; }
.matrix { font-size: 12px; line-height: 1.3; }
.matrix th, .matrix td { padding: 1px 6px; }
.matrix td.cell { text-align: center; font-weight: 600; min-width: 64px; }
.matrix td.passed { background: var(--pass-bg); color: var(--pass); }
.matrix td.failed { background: var(--fail-bg); color: var(--fail); }
.matrix td.skipped { background: var(--skip-bg); color: var(--skip); }
.matrix td.none { background: #fff; color: #8c959f; }
.matrix .title { color: #57606a; max-width: 140px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.legend { margin: 6px 0; }
.legend span { display: inline-block; margin-right: 10px; padding: 1px 8px; border-radius: 4px; }
.legend .passed { background: var(--pass-bg); color: var(--pass); }
.legend .failed { background: var(--fail-bg); color: var(--fail); }
.legend .skipped { background: var(--skip-bg); color: var(--skip); }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
.matrix td.cell a { color: inherit; display: block; }
details.failures { border: 1px solid var(--line); border-left: 5px solid var(--fail); border-radius: 4px; margin: 3px 0; padding: 1px 8px; font-size: 13px; }
details.section > summary { cursor: pointer; font-size: 16px; font-weight: 600; margin: 8px 0; }
details.failures > summary { cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
details.failures[open] > summary { white-space: normal; }
details.failures .cells { color: var(--fail); font-weight: 600; }
.failure { border: 1px solid var(--fail); border-left-width: 5px; border-radius: 4px; padding: 8px 12px; margin: 10px 0; }
.failure:target { outline: 3px solid #0969da; }
.failure h3 { margin: 0 0 6px; font-size: 14px; }
.failure .style { color: #57606a; font-weight: normal; }
.violations td:nth-child(3), .violations td:nth-child(4) { font-family: ui-monospace, monospace; font-size: 12px; }
.empty { color: #57606a; font-style: italic; }
.errors li { color: var(--fail); }
`;

function worst(cases: CaseReport[]): Status {
  if (cases.some((k) => k.status === 'failed')) return 'failed';
  if (cases.some((k) => k.status === 'passed')) return 'passed';
  return 'skipped';
}

function matrix(report: ConformanceReport): string {
  const columns = [...new Set(report.clauses.flatMap((c) => c.cases.map((k) => columnOf(k.callStyle))))].sort();
  const head = `<tr><th>clause</th><th>rule</th>${columns.map((col) => `<th>${e(col)}</th>`).join('')}<th>cells judged</th></tr>`;
  const byClause = new Map(report.coverage.clauses.map((c) => [c.id, c]));
  const rows = report.clauses.map((c) => {
    const cells = columns.map((col) => {
      const cases = c.cases.filter((k) => columnOf(k.callStyle) === col);
      if (cases.length === 0) return '<td class="cell none">&middot;</td>';
      const status = worst(cases);
      const tip = cases.map((k) => `${k.callStyle}: ${k.status}`).join('\n');
      const label = `${LABEL[status]}${cases.length > 1 ? ` <small>&times;${cases.length}</small>` : ''}`;
      const failed = cases.find((k) => k.status === 'failed');
      // A failed cell links to its first failure; following the link opens the clause's group.
      const content = failed ? `<a href="#${failureAnchor(c.id, failed.callStyle)}">${label}</a>` : label;
      return `<td class="cell ${status}" title="${e(tip)}">${content}</td>`;
    });
    const note = c.cases.length === 0 ? ' <span class="empty">(no case ran)</span>' : '';
    const cov = byClause.get(c.id);
    const judged = cov && cov.cells > 0
      ? `<td class="cell ${cov.cellsJudged === cov.cells ? 'passed' : 'skipped'}" title="${e(cov.notJudged.length ? `not judged in ${cov.notJudged.join(', ')}` : 'judged in every cell it has cases in')}">${cov.cellsJudged}/${cov.cells}</td>`
      : '<td class="cell none">&middot;</td>';
    return `<tr id="${clauseAnchor(c.id)}"><th>${e(c.id)}</th><td class="title" title="${e(c.title)}">${e(c.title)}${note}</td>${cells.join('')}${judged}</tr>`;
  });
  return `<table class="matrix"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>
<p class="legend"><span class="passed">pass</span><span class="failed">FAIL</span><span class="skipped">skip</span>&middot; no case in this column. Columns are identifier mode / auth style; hover a cell for its cases.</p>`;
}

/** The id of a row of the matrix: `clause-RCL-COUNT-01`. */
export function clauseAnchor(clauseId: string): string {
  return `clause-${slug(clauseId)}`;
}

/**
 * The id of one failed case's block, inside its clause's collapsed group: linking to it opens
 * the group (browsers reveal a fragment's closed <details> ancestors). The fleet page links here too.
 */
export function failureAnchor(clauseId: string, callStyle: string): string {
  return `fail-${slug(clauseId)}--${slug(callStyle)}`;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function failure(c: ClauseReport, k: CaseReport): string {
  const violations = k.violations ?? [];
  const table = violations.length
    ? `<table class="violations"><thead><tr><th>what</th><th>where</th><th>expected</th><th>received</th></tr></thead><tbody>${violations
        .map((v) => `<tr><td>${e(v.message)}</td><td><code>${e(v.path ?? '')}</code></td><td>${e(show(v.expected))}</td><td>${e(show(v.received))}</td></tr>`)
        .join('')}</tbody></table>`
    : `<pre>${e(k.message ?? 'failed')}</pre>`;
  const request = k.request ? `<p>request <code>${e(k.request)}</code></p>` : '';
  return `<div class="failure" id="${failureAnchor(c.id, k.callStyle)}"><h3>${e(c.id)} <span class="style">[${e(k.callStyle)}]</span> ${e(c.title)}</h3>${table}${request}</div>`;
}

/** The matrix cells the cases failed in: `attach/oauth, entity/webhook ×2`. */
function cellList(failed: CaseReport[]): string {
  const counts = new Map<string, number>();
  for (const k of failed) counts.set(columnOf(k.callStyle), (counts.get(columnOf(k.callStyle)) ?? 0) + 1);
  return [...counts].map(([column, n]) => (n > 1 ? `${column} \u00d7${n}` : column)).join(', ');
}

/** One collapsed group per failed clause: its summary line names the clause, the rule and the cells it failed in. */
function failures(report: ConformanceReport): string {
  const groups = report.clauses.flatMap((c) => {
    const failed = c.cases.filter((k) => k.status === 'failed');
    if (failed.length === 0) return [];
    const cells = cellList(failed);
    return [
      `<details class="failures" id="failures-${slug(c.id)}"><summary title="${e(`${c.id} ${c.title}: failed in ${cells}`)}"><b>${e(c.id)}</b> <span class="cells">${e(cells)}</span> &middot; ${e(c.title)}</summary>
${failed.map((k) => failure(c, k)).join('\n')}
<p class="meta">source: ${e(c.source)}</p></details>`,
    ];
  });
  if (groups.length === 0) return '<p class="empty">No failures.</p>';
  return `<p class="meta">One line per failed clause; click it, or a FAIL cell of the matrix, to see what was expected and received.</p>\n${groups.join('\n')}`;
}

function skips(report: ConformanceReport): string {
  const reasons = new Map<string, string[]>();
  for (const c of report.clauses) {
    for (const k of c.cases.filter((x) => x.status === 'skipped')) {
      const reason = k.message ?? 'skipped';
      reasons.set(reason, [...(reasons.get(reason) ?? []), `${c.id} [${k.callStyle}]`]);
    }
  }
  if (reasons.size === 0) return '<p class="empty">Nothing was skipped.</p>';
  const rows = [...reasons].map(([reason, cases]) => `<tr><td>${e(reason)}</td><td>${cases.length}</td><td>${e(cases.join(', '))}</td></tr>`);
  return `<table><thead><tr><th>reason</th><th>cases</th><th>which</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The coverage line sits in the header; here only a required coverage that was not met. */
function coverage(report: ConformanceReport): string {
  if (!coverageUnmet(report)) return '';
  const items = report.coverage.unjudged.map((x) => `<li><pre>${e(x)}</pre></li>`).join('');
  return `<div class="failure"><h3>Coverage required (B24_REQUIRE_FULL=1), but ${report.coverage.unjudged.length} case(s) were skipped: the run fails</h3><ul class="errors">${items}</ul></div>`;
}

function observations(report: ConformanceReport): string {
  if (report.observations.length === 0) return '<p class="empty">No observations.</p>';
  const rows = report.observations.map((o) => `<tr><td>${e(o.topic)}</td><td>${e(o.detail)}</td><td>${o.count}</td><td>${e(o.callStyles.join(', '))}</td></tr>`);
  return `<p class="meta">What the target did where the docs are silent. These never fail a run.</p>
<table><thead><tr><th>topic</th><th>seen</th><th>cases</th><th>call styles</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function requests(report: ConformanceReport): string {
  const r = report.requests;
  const rows = Object.entries(r.byMethod).map(([method, count]) => `<tr><td><code>${e(method)}</code></td><td>${count}</td></tr>`);
  const limited = r.rateLimited ? ` (${r.rateLimited} answered 503 QUERY_LIMIT_EXCEEDED and were retried)` : '';
  const purposes = Object.entries(r.byPurpose ?? {}).map(([why, count]) => `<tr><td>${e(why)}</td><td>${count}</td></tr>`);
  return `<p>${r.total} HTTP requests${limited}.</p><p>${e(budgetLine(r))}</p><table><thead><tr><th>method</th><th>requests</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<table><thead><tr><th>purpose</th><th>requests</th></tr></thead><tbody>${purposes.join('')}</tbody></table>`;
}

/** A collapsed section, so that the matrix and the failures fit on one screen; its count is on its summary line. */
function section(title: string, count: number, body: string): string {
  return `<details class="section"><summary>${title} (${count})</summary>\n${body}\n</details>`;
}

function skippedCount(report: ConformanceReport): number {
  return report.summary.skipped;
}

export function renderHtml(report: ConformanceReport): string {
  const { kind, origin, transport } = report.target;
  const { passed, failed, skipped } = report.summary;
  const errors = report.errors.length
    ? `<h2>Errors outside any case</h2><ul class="errors">${report.errors.map((x) => `<li><pre>${e(x)}</pre></li>`).join('')}</ul>`
    : '';
  const html = `${pageHead(`recall conformance: ${failed ? `${failed} failed` : coverageUnmet(report) ? `${skipped} skipped, coverage required` : 'all passed'} (${kind})`, CSS)}
<body>
<header>
<h1>vote.AttachedVote.recall conformance</h1>
<p class="meta">target <b>${e(kind)}</b> <code>${e(origin)}</code> via <b>${e(transport)}</b> &middot; run <b>${e(report.date)}</b> &middot; ${e(report.tool.name)} ${e(report.tool.version)}</p>
<p class="totals"><span class="passed">${passed} passed</span><span class="failed">${failed} failed</span><span class="skipped">${skipped} skipped</span> ${e(coverageLine(report))}</p>
</header>
<main>
<div class="overview">
<section class="matrix-box">
<h2>Clauses &times; call styles</h2>
${coverage(report)}
${matrix(report)}
</section>
<section class="failures-box">
<h2>Failures</h2>
${failures(report)}
${section('Skipped', skippedCount(report), skips(report))}
${section('Observations', report.observations.length, observations(report))}
${section('Requests', report.requests.total, requests(report))}
</section>
</div>
${errors}
</main>
</body>
</html>
`;
  return maskSecrets(html);
}
