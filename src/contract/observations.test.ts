import { describe, expect, test } from 'vitest';
import type { Exchange } from '../client/types';
import { observeGap, observeListedCode, RECALL_PAGE } from './observations';

function refusal(status: number, error: string, description: string): Exchange {
  const json = { error, error_description: description };
  return {
    seq: 1,
    request: { httpMethod: 'POST', url: 'http://127.0.0.1/rest/1/***/vote.AttachedVote.recall', method: 'vote.AttachedVote.recall', auth: 'webhook', encoding: 'json', params: {} },
    response: { status, headers: { 'content-type': 'application/json' }, bodyText: JSON.stringify(json), json },
    startedAt: '2026-01-01T00:00:00Z', durationMs: 1, attempts: 1,
  };
}

describe('which set lists a code', () => {
  test('the Russian-only 100, a code both list, a system error, and one neither lists', () => {
    const detail = (status: number, code: string) => observeListedCode('x', refusal(status, code, 'm'))[0]?.detail;
    expect(detail(400, '100')).toBe(`HTTP 400 100: listed only by ru:${RECALL_PAGE}`);
    expect(detail(400, 'ATTACH_NOT_FOUND')).toBe(`HTTP 400 ATTACH_NOT_FOUND: listed by both ${RECALL_PAGE} and ru:${RECALL_PAGE}`);
    expect(detail(401, 'NO_AUTH_FOUND')).toMatch(/^HTTP 401 NO_AUTH_FOUND: a system error \(_includes\/system-errors\.md, HTTP 401\)$/);
    expect(detail(400, 'INVALID_SIGNATURE')).toBe(`HTTP 400 INVALID_SIGNATURE: listed by neither ${RECALL_PAGE} nor ru:${RECALL_PAGE}`);
    expect(observeListedCode('x', { ...refusal(400, 'X', 'm'), response: undefined, error: 'ECONNRESET' })).toEqual([]);
  });
});

describe('observeGap', () => {
  test('carries the page, section, proposal and the evidence of the exchange', () => {
    const gap = { page: RECALL_PAGE, section: 'Possible error codes', proposal: 'State it.' };
    expect(observeGap(gap, refusal(403, '403', 'The poll is inactive.'))).toEqual({
      topic: `doc gap: ${RECALL_PAGE}#Possible error codes`,
      detail: 'State it. Seen: HTTP 403 403 "The poll is inactive."',
      gap: { ...gap, evidence: { status: 403, code: '403', message: 'The poll is inactive.' } },
    });
    expect(observeGap(gap, refusal(200, 'X', 'y'), 'a second recall').gap?.evidence.note).toBe('a second recall');
  });
});
