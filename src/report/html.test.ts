import { describe, expect, test } from 'vitest';
import { registerSecret } from '../client/secrets';
import { escapeHtml, renderHtml } from './html';
import { HOSTILE, sampleReport } from '../test-doubles/sample-report';
import { coverageOf } from './model';

const SECRET = 'htmlTestSecret0123456789';
registerSecret(SECRET);
const html = renderHtml(sampleReport(SECRET));

describe('renderHtml', () => {
  test('escapes every portal-provided string: no tag or attribute from the data survives', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror="');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  test('is self-contained: inline style only, and a policy that forbids loading anything', () => {
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<(link|script|img|iframe)\b[^>]*(src|href)="(?!data:)/i);
  });

  test('shows the target and the date', () => {
    expect(html).toContain('target <b>live</b> <code>https://portal.example.com&quot;&gt;&lt;b&gt;x&lt;/b&gt;</code> via <b>undici</b>');
    expect(html).toContain('2026-01-02T03:04:05.000Z');
  });

  test('colours the matrix by the worst case in each clause and column', () => {
    const row = (id: string) => html.split('\n').find((line) => line.startsWith(`<tr id="clause-${id}"><th>${id}</th>`)) ?? '';
    expect(row('RCL-COUNT-01')).toContain('<td class="cell passed" title="attach/webhook/json: passed">pass</td>');
    expect(row('RCL-COUNT-01')).toContain('<td class="cell failed" title="signed/oauth/query: failed"><a href="#fail-RCL-COUNT-01--signed-oauth-query">FAIL</a></td>');
    expect(row('RCL-STATE-02')).toContain('class="cell skipped"');
    expect(row('RCL-REF-01')).toContain('(no case ran)');
    expect(html).toMatch(/<th>attach\/webhook<\/th><th>entity\/webhook<\/th><th>signed\/oauth<\/th>/);
  });

  test('shows each failure with expected, received and request, with secrets masked', () => {
    const failure = html.slice(html.indexOf('<div class="failure"'));
    expect(failure).toContain('<td><code>/result/attach/COUNTER</code></td><td>1</td>');
    expect(failure).toContain(escapeHtml(JSON.stringify(HOSTILE)));
    expect(failure).toContain('request <code>GET https://portal.example.com/rest/vote.AttachedVote.recall?auth=***');
    expect(html).not.toContain(SECRET);
  });

  test('lists skips, observations and errors outside any case', () => {
    expect(html).toContain('needs B24_COVOTER_WEBHOOK_URL, which is not set');
    expect(html).toContain(`<td>answer to ${escapeHtml(HOSTILE)}</td>`);
    expect(html).toContain('<td>counters</td><td>sent as integers</td><td>1</td>');
    expect(html).toContain('Errors outside any case');
  });

  test('states the coverage: cases judged of the total, and cells judged per clause', () => {
    const row = (id: string) => html.split('\n').find((line) => line.startsWith(`<tr id="clause-${id}"><th>${id}</th>`)) ?? '';
    expect(html).toContain('3 of 4 cases judged');
    expect(html).toContain('<th>cells judged</th></tr>');
    expect(row('RCL-COUNT-01')).toMatch(/<td class="cell passed" title="judged in every cell it has cases in">2\/2<\/td><\/tr>$/);
    expect(row('RCL-STATE-02')).toMatch(/<td class="cell skipped" title="not judged in attach\/webhook">0\/1<\/td><\/tr>$/);
    expect(html).not.toContain('Coverage required');
  });

  test('with B24_REQUIRE_FULL=1 and a skip, says the run fails and lists each skipped case', () => {
    const report = sampleReport(SECRET);
    const strict = renderHtml({ ...report, coverage: coverageOf(report.clauses, true) });
    expect(strict).toContain('Coverage required (B24_REQUIRE_FULL=1), but 1 case(s) were skipped: the run fails');
    expect(strict).toContain('<li><pre>RCL-STATE-02 [attach/webhook/json]: needs B24_COVOTER_WEBHOOK_URL, which is not set</pre></li>');
    expect(strict).toContain('<title>recall conformance: 1 failed (live)</title>');
  });

  test('groups the failures by clause, each group collapsed to one line naming the clause, the rule and the cells', () => {
    const report = sampleReport(SECRET);
    const count = report.clauses.find((c) => c.id === 'RCL-COUNT-01')!;
    const failed = count.cases.find((k) => k.status === 'failed')!;
    // A second failure of the same clause in another cell joins the same group.
    count.cases.push({ ...failed, name: 'a > attach/webhook/form > RCL-COUNT-01', callStyle: 'attach/webhook/form' });
    const page = renderHtml(report);
    const groups = page.match(/<details class="failures"[^>]*>/g) ?? [];
    expect(groups).toEqual(['<details class="failures" id="failures-RCL-COUNT-01">']);
    const summary = page.slice(page.indexOf('<details class="failures"')).match(/<summary[^>]*>(.*?)<\/summary>/)?.[1] ?? '';
    expect(summary).toContain('<b>RCL-COUNT-01</b>');
    expect(summary).toContain('signed/oauth, attach/webhook');
    expect(summary).toContain(escapeHtml(count.title));
    // Both failures sit inside the group, each under its own anchor, and the matrix links to each cell's failure.
    const group = page.slice(page.indexOf('<details class="failures"'), page.indexOf('</details>', page.indexOf('<details class="failures"')));
    expect(group).toContain('<div class="failure" id="fail-RCL-COUNT-01--signed-oauth-query">');
    expect(group).toContain('<div class="failure" id="fail-RCL-COUNT-01--attach-webhook-form">');
    expect(page).toContain(`<a href="#fail-RCL-COUNT-01--attach-webhook-form">FAIL <small>&times;2</small></a>`);
    expect(page).not.toContain('<details class="failures" open');
  });

  test('a report with no failure says so instead of an empty list', () => {
    const report = sampleReport(SECRET);
    for (const c of report.clauses) c.cases = c.cases.filter((k) => k.status !== 'failed');
    const page = renderHtml(report);
    expect(page).toContain('No failures.');
    expect(page).not.toContain('<details class="failures"');
    expect(page).not.toMatch(/<a href="#fail-/);
  });
});
