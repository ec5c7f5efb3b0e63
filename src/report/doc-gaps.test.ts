import { describe, expect, test } from 'vitest';
import type { Exchange } from '../client/types';
import { observeGap, observeRefusal, RECALL_PAGE } from '../contract/observations';
import { buildDocGaps, renderDocGapsMarkdown } from './doc-gaps';
import type { CaseInput } from './model';
import { refusalExchange } from '../contract/exchange-fixture';


const GAP = { page: RECALL_PAGE, section: 'Possible error codes', proposal: 'State the HTTP status and the error code of a recall on a stopped poll.' };
const TARGET = { kind: 'reference', origin: 'http://127.0.0.1:1', transport: 'undici' };

function kase(callStyle: string, clause: string, exchange: Exchange): CaseInput {
  return { name: `x > ${callStyle} > ${clause}`, clause, callStyle, status: 'passed', observations: [...observeRefusal('stopped poll', exchange), observeGap(GAP, exchange)] };
}

describe('doc gaps', () => {
  test('groups the evidence of one proposal, one row per call style and answer, sorted', () => {
    const report = buildDocGaps({
      target: TARGET,
      date: new Date('2026-01-02T00:00:00Z'),
      cases: [
        kase('signed/webhook/json', 'RCL-REF-06', refusalExchange(403, '403', 'The poll is inactive.')),
        kase('attach/webhook/json', 'RCL-REF-06', refusalExchange(403, '403', 'The poll is inactive.')),
        kase('attach/webhook/json', 'RCL-REF-06', refusalExchange(403, '403', 'The poll is inactive.')),
        { name: 'y', clause: 'RCL-CALL-01', callStyle: 'attach/webhook/json', status: 'passed', observations: [{ topic: 'counters', detail: 'sent as integers' }] },
      ],
    });
    expect(report.gaps).toEqual([
      {
        ...GAP,
        evidence: [
          { clause: 'RCL-REF-06', callStyle: 'attach/webhook/json', status: 403, code: '403', message: 'The poll is inactive.' },
          { clause: 'RCL-REF-06', callStyle: 'signed/webhook/json', status: 403, code: '403', message: 'The poll is inactive.' },
        ],
      },
    ]);
    expect(report.date).toBe('2026-01-02T00:00:00.000Z');
  });

  test('the markdown names page, section, proposal and each row of evidence; table cells are escaped', () => {
    const report = buildDocGaps({ target: TARGET, cases: [kase('attach/webhook/json', 'RCL-REF-06', refusalExchange(400, 'X', 'a | b\nc'))] });
    const md = renderDocGapsMarkdown(report);
    expect(md).toContain(`## ${RECALL_PAGE}`);
    expect(md).toContain('### 1. Section "Possible error codes"');
    expect(md).toContain(`Proposed addition: ${GAP.proposal}`);
    expect(md).toContain('| RCL-REF-06 | attach/webhook/json | 400 | X | a \\| b c |  |');
  });

  test('a run with no gap says so', () => {
    expect(renderDocGapsMarkdown(buildDocGaps({ target: TARGET, cases: [] }))).toContain('No such case was seen in this run.');
  });

  test('a transport error is evidence too', () => {
    const failed: Exchange = { ...refusalExchange(400, 'X', 'x'), response: undefined, error: 'ECONNRESET' };
    const report = buildDocGaps({ target: TARGET, cases: [kase('attach/webhook/json', 'RCL-REF-06', failed)] });
    expect(report.gaps[0]!.evidence).toEqual([{ clause: 'RCL-REF-06', callStyle: 'attach/webhook/json', note: 'ECONNRESET' }]);
  });
});
