import { describe, expect, test } from 'vitest';
import { registerSecret } from '../client/secrets';
import { escapeHtml, renderHtml } from './html';
import { HOSTILE, sampleReport } from '../test-doubles/sample-report';

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
    const row = (id: string) => html.split('\n').find((line) => line.startsWith(`<tr><th>${id}</th>`)) ?? '';
    expect(row('RCL-COUNT-01')).toContain('<td class="cell passed" title="attach/webhook/json: passed">pass</td>');
    expect(row('RCL-COUNT-01')).toContain('<td class="cell failed" title="signed/oauth/query: failed">FAIL</td>');
    expect(row('RCL-STATE-02')).toContain('class="cell skipped"');
    expect(row('RCL-REF-01')).toContain('(no case ran)');
    expect(html).toMatch(/<th>attach\/webhook<\/th><th>entity\/webhook<\/th><th>signed\/oauth<\/th>/);
  });

  test('shows each failure with expected, received and request, with secrets masked', () => {
    const failure = html.slice(html.indexOf('<div class="failure">'));
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
});
