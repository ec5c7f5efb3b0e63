/**
 * fleet.html: one self-contained page (inline CSS, no script) with a portal x clause heatmap.
 * Each cell links into that portal's own conformance.html: a FAIL cell to the failure, which
 * opens there; any other cell to the clause's row of the portal's matrix. Escaped and masked
 * like the single-run page.
 */
import { maskSecrets } from '../client/secrets';
import { BASE_CSS, clauseAnchor, escapeHtml, failureAnchor, pageHead } from '../report/html';
import { areaOf, type FleetPortalResult, type FleetReport } from './report';

const e = (value: unknown): string => escapeHtml(String(value));

const LABEL = { passed: 'ok', failed: 'FAIL', skipped: '-' } as const;

const CSS = `${BASE_CSS}.totals .error { background: var(--err-bg); color: #7d4e00; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; white-space: nowrap; }
.matrix { font-size: 12px; }
.matrix thead th.num { text-align: center; min-width: 30px; }
.matrix td.cell { text-align: center; font-weight: 600; padding: 0; }
.matrix td.cell a { display: block; padding: 2px 4px; color: inherit; text-decoration: none; }
.matrix td.cell a:hover { text-decoration: underline; }
.matrix td.passed { background: var(--pass-bg); color: var(--pass); }
.matrix td.failed { background: var(--fail-bg); color: var(--fail); }
.matrix td.skipped { background: var(--skip-bg); color: var(--skip); }
.matrix td.none { color: #8c959f; text-align: center; }
.matrix td.error { background: var(--err-bg); color: #7d4e00; }
.matrix .verdict-passed { color: var(--pass); }
.matrix .verdict-failed { color: var(--fail); }
.matrix .verdict-error { color: #7d4e00; }
.legend span { display: inline-block; margin-right: 10px; padding: 1px 8px; border-radius: 4px; }
.legend .passed { background: var(--pass-bg); color: var(--pass); }
.legend .failed { background: var(--fail-bg); color: var(--fail); }
.legend .skipped { background: var(--skip-bg); color: var(--skip); }
pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-all; margin: 0; }
details > summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
.empty { color: #57606a; font-style: italic; }
`;

/** A portal's own file, relative to the fleet page; each path segment encoded. */
function portalHref(p: FleetPortalResult, fragment?: string): string {
  const path = (p.report ?? `${p.name}/conformance.html`).split('/').map(encodeURIComponent).join('/');
  return fragment ? `${path}#${fragment}` : path;
}

function row(p: FleetPortalResult, clauses: FleetReport['clauses']): string {
  const { passed, failed, skipped } = p.summary;
  const name = p.report ? `<a href="${e(portalHref(p))}">${e(p.name)}</a>` : e(p.name);
  const head = `<th>${name}</th><td class="verdict-${p.verdict}"><b>${p.verdict === 'error' ? 'did not finish' : p.verdict}</b></td>`;
  if (p.verdict === 'error') {
    const log = `${encodeURIComponent(p.name)}/output.log`;
    return `<tr id="portal-${e(p.name)}">${head}<td>exit ${e(p.exitCode ?? 'signal')}</td><td class="error" colspan="${clauses.length}"><pre>${e(p.error ?? 'the run did not finish')}</pre> <a href="${e(log)}">its output</a></td></tr>`;
  }
  const byId = new Map(p.clauses.map((c) => [c.id, c]));
  const cells = clauses.map(({ id, title }) => {
    const c = byId.get(id);
    if (!c) return `<td class="cell none" title="${e(`${id}: not in this portal's report`)}">&middot;</td>`;
    const first = c.failedIn?.[0];
    const href = c.status === 'failed' && first ? portalHref(p, failureAnchor(id, first)) : portalHref(p, clauseAnchor(id));
    const tip = c.status === 'failed' ? `${p.name} ${id} ${title}: failed in ${(c.failedIn ?? []).join(', ')}` : `${p.name} ${id} ${title}: ${c.status}`;
    return `<td class="cell ${c.status}" title="${e(tip)}"><a href="${e(href)}">${LABEL[c.status]}</a></td>`;
  });
  const error = p.error ? ` title="${e(p.error)}"` : '';
  return `<tr id="portal-${e(p.name)}">${head}<td${error}>${passed}/${failed}/${skipped}</td>${cells.join('')}</tr>`;
}

function heatmap(report: FleetReport): string {
  if (report.portals.length === 0) return '<p class="empty">No portal in this report (an empty shard).</p>';
  const areas: { area: string; span: number }[] = [];
  for (const c of report.clauses) {
    const area = areaOf(c.id);
    const last = areas.at(-1);
    if (last?.area === area) last.span += 1;
    else areas.push({ area, span: 1 });
  }
  const top = `<tr><th rowspan="2">portal</th><th rowspan="2">verdict</th><th rowspan="2" title="passed / failed / skipped cases">cases</th>${areas.map((a) => `<th colspan="${a.span}">${e(a.area)}</th>`).join('')}</tr>`;
  const numbers = `<tr>${report.clauses.map((c) => `<th class="num" title="${e(`${c.id} ${c.title}`)}">${e(c.id.replace(/^.*-/, ''))}</th>`).join('')}</tr>`;
  return `<table class="matrix fleet"><thead>${top}${numbers}</thead><tbody>
${report.portals.map((p) => row(p, report.clauses)).join('\n')}
</tbody></table>
<p class="legend"><span class="passed">ok</span><span class="failed">FAIL</span><span class="skipped">-</span> skipped; &middot; not in that portal's report. A FAIL cell opens that failure in the portal's own report, any other cell the clause's row there; hover a column head for the rule.</p>`;
}

function clauseList(report: FleetReport): string {
  const rows = report.clauses.map((c) => {
    const failing = report.portals.filter((p) => p.clauses.some((k) => k.id === c.id && k.status === 'failed')).map((p) => p.name);
    return `<tr><th>${e(c.id)}</th><td>${e(c.title)}</td><td>${failing.length ? e(failing.join(', ')) : '<span class="empty">none</span>'}</td></tr>`;
  });
  return `<details><summary>Clauses (${report.clauses.length}) and the portals failing each</summary><table><thead><tr><th>clause</th><th>rule</th><th>failed on</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

export function renderFleetHtml(report: FleetReport): string {
  const { portals, passed, failed, error } = report.summary;
  const count = report.shards[0]?.count ?? 1;
  const shards = count > 1 ? ` &middot; shard${report.shards.length > 1 ? 's' : ''} <b>${report.shards.map((s) => s.index).join(', ')}</b> of ${count} (the fleet holds ${report.fleet.portals} portals)` : '';
  const html = `${pageHead(`recall fleet conformance: ${failed + error ? `${failed + error} of ${portals} portals not passed` : `all ${portals} passed`}`, CSS)}
<body>
<header>
<h1>vote.AttachedVote.recall conformance: fleet</h1>
<p class="meta">run <b>${e(report.date)}</b>${shards} &middot; ${e(report.tool.name)} ${e(report.tool.version)}</p>
<p class="totals"><span class="passed">${passed} passed</span><span class="failed">${failed} failed</span><span class="error">${error} did not finish</span></p>
</header>
<main>
<h2>Portals &times; clauses</h2>
${heatmap(report)}
${clauseList(report)}
</main>
</body>
</html>
`;
  return maskSecrets(html);
}
