import { describe, expect, test } from 'vitest';
import type { Exchange } from '../client/types';
import { buildReport, exitCodeOf, summariseRequests, type CaseInput } from './model';
import { renderSummary } from './terminal';
import { renderJunit } from './junit';

function exchange(seq: number, method: string, status: number, attempts = 1, error?: string): Exchange {
  return {
    seq,
    request: { httpMethod: 'POST', url: `http://127.0.0.1:1/rest/1/***/${method}`, method, auth: 'webhook', encoding: 'json', params: {} },
    response: { status, headers: {}, bodyText: '', json: status === 503 ? { error: 'QUERY_LIMIT_EXCEEDED', error_description: '' } : {} },
    startedAt: '2026-01-01T00:00:00Z', durationMs: 1.4, attempts, error,
  };
}

const cases: CaseInput[] = [
  { name: 'a > attach/webhook/json > RCL-COUNT-01 x', clause: 'RCL-COUNT-01', callStyle: 'attach/webhook/json', status: 'passed', observations: [{ topic: 'counters', detail: 'sent as integers' }] },
  { name: 'a > signed/oauth/query > RCL-COUNT-01 x', clause: 'RCL-COUNT-01', callStyle: 'signed/oauth/query', status: 'failed', message: 'RCL-COUNT-01 [signed/oauth/query @ reference] x\n  expected 1, received 2', observations: [{ topic: 'counters', detail: 'sent as integers' }] },
  { name: 'a > attach/webhook/json > RCL-STATE-02 x', clause: 'RCL-STATE-02', callStyle: 'attach/webhook/json', status: 'skipped', message: 'needs B24_COVOTER_WEBHOOK_URL, which is not set' },
];

describe('report model', () => {
  const report = buildReport({ target: { kind: 'reference', origin: 'http://127.0.0.1:1', transport: 'undici' }, cases, exchanges: [exchange(1, 'vote.AttachedVote.recall', 200), exchange(2, 'vote.AttachedVote.get', 200, 3)], errors: [], version: 't', date: new Date(0) });

  test('a clause fails when any of its cases fails, is skipped when all are, and unrun clauses are skipped', () => {
    const byId = Object.fromEntries(report.clauses.map((c) => [c.id, c.status]));
    expect(byId['RCL-COUNT-01']).toBe('failed');
    expect(byId['RCL-STATE-02']).toBe('skipped');
    expect(byId['RCL-REF-01']).toBe('skipped');
    expect(report.summary).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(exitCodeOf(report)).toBe(1);
  });

  test('observations are merged with their count and call styles', () => {
    expect(report.observations).toEqual([{ topic: 'counters', detail: 'sent as integers', count: 2, callStyles: ['attach/webhook/json', 'signed/oauth/query'] }]);
  });

  test('requests count every attempt, retries included', () => {
    expect(report.requests.total).toBe(4);
    expect(report.requests.byMethod).toEqual({ 'vote.AttachedVote.get': 3, 'vote.AttachedVote.recall': 1 });
    expect(report.requests.rateLimited).toBe(2);
    expect(summariseRequests([exchange(1, 'm', 503)]).rateLimited).toBe(1);
  });

  test('requests are counted by purpose against the budget, and bisection says what it cost', () => {
    const tagged = [
      { ...exchange(1, 'vote.Integration.Im.send', 200), purpose: 'setup' as const },
      { ...exchange(2, 'vote.AttachedVote.recall', 200, 2), purpose: 'judged' as const },
      { ...exchange(3, 'vote.AttachedVote.get', 200), purpose: 'read' as const },
      exchange(4, 'im.message.delete', 200),
    ];
    const faithful = summariseRequests(tagged);
    expect(faithful.budget).toBe(50);
    expect(faithful.byPurpose).toEqual({ setup: 1, judged: 2, read: 1, bisection: 0, unattributed: 1 });
    expect(faithful.list.map((r) => r.purpose)).toEqual(['setup', 'judged', 'read', undefined]);
    const faithfulText = renderSummary(buildReport({ target: { kind: 'live', origin: 'https://x', transport: 'undici' }, cases: [], exchanges: tagged, errors: [], version: '0' }));
    expect(faithfulText).toContain('Request budget: 5 of 50 (setup 1, judged 2, read 1, bisection 0, unattributed 1)');
    expect(faithfulText).not.toContain('extra request');
    const bisected = [...tagged, { ...exchange(5, 'vote.AttachedVote.get', 200, 47), purpose: 'bisection' as const }];
    const text = renderSummary(buildReport({ target: { kind: 'live', origin: 'https://x', transport: 'undici' }, cases: [], exchanges: bisected, errors: [], version: '0' }));
    expect(text).toContain('Request budget: 52 of 50, 2 over');
    expect(text).toContain('cost 47 extra request(s)');
  });

  test('exit code is 0 only when nothing failed and something ran', () => {
    const clean = buildReport({ target: report.target, cases: [cases[0]!], exchanges: [], errors: [], version: 't' });
    expect(exitCodeOf(clean)).toBe(0);
    expect(exitCodeOf(buildReport({ target: report.target, cases: [], exchanges: [], errors: [], version: 't' }))).toBe(1);
    expect(exitCodeOf(buildReport({ target: report.target, cases: [cases[0]!], exchanges: [], errors: ['spec did not load'], version: 't' }))).toBe(1);
  });

  test('the terminal summary shows the matrix, failures, skips, requests and a closing count line', () => {
    const text = renderSummary(report, ['reports/conformance.json']);
    expect(text).toMatch(/clause\s+attach\/webhook\s+signed\/oauth/);
    expect(text).toMatch(/RCL-COUNT-01\s+ok\s+FAIL/);
    expect(text).toContain('expected 1, received 2');
    expect(text).toContain('needs B24_COVOTER_WEBHOOK_URL, which is not set: 1 case(s)');
    expect(text).toContain('HTTP requests: 4');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed, 1 skipped');
  });

  test('coverage counts the judged cases of the total, per encoding, and the cells judged per clause', () => {
    const withEncodings: CaseInput[] = [
      { name: 'c1', clause: 'RCL-CALL-01', callStyle: 'attach/webhook/json', encoding: 'json', status: 'passed' },
      { name: 'c2', clause: 'RCL-CALL-01', callStyle: 'attach/oauth/form', encoding: 'form', status: 'failed', message: 'x' },
      { name: 'c3', clause: 'RCL-CALL-01', callStyle: 'signed/oauth', status: 'skipped', message: 'the transport cannot send an OAuth call in any encoding (no)' },
      { name: 'c4', clause: 'RCL-CALL-02', callStyle: 'attach/webhook/query number', encoding: 'query', status: 'passed' },
      { name: 'c5', clause: 'RCL-CALL-02', callStyle: 'attach/webhook/query string', encoding: 'query', status: 'skipped', message: 'why' },
    ];
    const r = buildReport({ target: report.target, cases: withEncodings, exchanges: [], errors: [], version: 't' });
    expect(r.coverage.judged).toBe(3);
    expect(r.coverage.total).toBe(5);
    expect(r.coverage.encodings).toEqual({ json: 1, form: 1, query: 1 });
    const byId = Object.fromEntries(r.coverage.clauses.map((c) => [c.id, c]));
    expect(byId['RCL-CALL-01']).toEqual({ id: 'RCL-CALL-01', cells: 3, cellsJudged: 2, notJudged: ['signed/oauth'] });
    // One of two cases skipped in the same cell: the cell is still judged.
    expect(byId['RCL-CALL-02']).toEqual({ id: 'RCL-CALL-02', cells: 1, cellsJudged: 1, notJudged: [] });
    expect(byId['RCL-REF-01']).toEqual({ id: 'RCL-REF-01', cells: 0, cellsJudged: 0, notJudged: [] });
    expect(r.coverage.unjudged).toEqual([
      'RCL-CALL-01 [signed/oauth]: the transport cannot send an OAuth call in any encoding (no)',
      'RCL-CALL-02 [attach/webhook/query string]: why',
    ]);
    expect(r.coverage.required).toBe(false);
    const text = renderSummary(r);
    expect(text).toMatch(/^RCL-CALL-01 .* 2\/3$/m);
    expect(text).toContain('Coverage: 3 of 5 cases judged; by encoding: json 1, form 1, query 1');
  });

  test('B24_REQUIRE_FULL: a skipped case fails the run, and the summary lists each with its reason', () => {
    const passedOnly = [cases[0]!];
    const skipping = [cases[0]!, cases[2]!];
    expect(exitCodeOf(buildReport({ target: report.target, cases: skipping, exchanges: [], errors: [], version: 't' }))).toBe(0);
    expect(exitCodeOf(buildReport({ target: report.target, cases: passedOnly, exchanges: [], errors: [], version: 't', requireFull: true }))).toBe(0);
    const strict = buildReport({ target: report.target, cases: skipping, exchanges: [], errors: [], version: 't', requireFull: true });
    expect(exitCodeOf(strict)).toBe(1);
    const text = renderSummary(strict);
    expect(text).toContain('Coverage required (B24_REQUIRE_FULL=1), but 1 case(s) were skipped:\n  RCL-STATE-02 [attach/webhook/json]: needs B24_COVOTER_WEBHOOK_URL, which is not set');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed, 1 skipped (the run fails: B24_REQUIRE_FULL=1 and 1 skipped)');
  });

  test('junit has one failure and one skip, escaped', () => {
    const xml = renderJunit(report);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml.match(/<skipped /g)).toHaveLength(1);
    expect(xml).toContain('RCL-COUNT-01 [signed/oauth/query @ reference] x');
    expect(xml).not.toMatch(/<failure[^>]*>[^<]*<(?!\/failure)/);
  });
});
