import { describe, expect, test } from 'vitest';
import { observeGap, observeListedCode, RECALL_PAGE } from './observations';
import { refusalExchange } from './exchange-fixture';


describe('which set lists a code', () => {
  test('the Russian-only 100, a code both list, a system error, and one neither lists', () => {
    const detail = (status: number, code: string) => observeListedCode('x', refusalExchange(status, code, 'm'))[0]?.detail;
    expect(detail(400, '100')).toBe(`HTTP 400 100: listed only by ru:${RECALL_PAGE}`);
    expect(detail(400, 'ATTACH_NOT_FOUND')).toBe(`HTTP 400 ATTACH_NOT_FOUND: listed by both ${RECALL_PAGE} and ru:${RECALL_PAGE}`);
    expect(detail(401, 'NO_AUTH_FOUND')).toMatch(/^HTTP 401 NO_AUTH_FOUND: a system error \(_includes\/system-errors\.md, HTTP 401\)$/);
    expect(detail(400, 'INVALID_SIGNATURE')).toBe(`HTTP 400 INVALID_SIGNATURE: listed by neither ${RECALL_PAGE} nor ru:${RECALL_PAGE}`);
    expect(observeListedCode('x', { ...refusalExchange(400, 'X', 'm'), response: undefined, error: 'ECONNRESET' })).toEqual([]);
  });
});

describe('observeGap', () => {
  test('carries the page, section, proposal and the evidence of the exchange', () => {
    const gap = { page: RECALL_PAGE, section: 'Possible error codes', proposal: 'State it.' };
    expect(observeGap(gap, refusalExchange(403, '403', 'The poll is inactive.'))).toEqual({
      topic: `doc gap: ${RECALL_PAGE}#Possible error codes`,
      detail: 'State it. Seen: HTTP 403 403 "The poll is inactive."',
      gap: { ...gap, evidence: { status: 403, code: '403', message: 'The poll is inactive.' } },
    });
    expect(observeGap(gap, refusalExchange(200, 'X', 'y'), 'a second recall').gap?.evidence.note).toBe('a second recall');
  });
});
