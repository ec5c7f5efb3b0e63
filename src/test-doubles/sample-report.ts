/**
 * A report with one of everything the HTML page shows, and hostile strings wherever a portal's
 * text can reach it. Shared by the renderer's tests and the Chromium check's tests.
 */
import { buildReport, type CaseInput, type ConformanceReport } from '../report/model';

export const HOSTILE = `<script>console.error("xss")</script><img src="http://127.0.0.1:9/x.png" onerror="alert(1)">&"'`;

export function sampleReport(secret: string): ConformanceReport {
  const cases: CaseInput[] = [
    { name: 'a > attach/webhook/json > RCL-COUNT-01', clause: 'RCL-COUNT-01', callStyle: 'attach/webhook/json', status: 'passed', observations: [{ topic: 'counters', detail: 'sent as integers' }] },
    {
      name: 'a > signed/oauth/query > RCL-COUNT-01',
      clause: 'RCL-COUNT-01',
      callStyle: 'signed/oauth/query',
      status: 'failed',
      message: `RCL-COUNT-01 failed ${HOSTILE}`,
      request: `GET https://portal.example.com/rest/vote.AttachedVote.recall?auth=${secret}  query {"signedAttachId":"501.ab"}`,
      violations: [{ message: `attach COUNTER did not fall by one ${HOSTILE}`, expected: 1, received: HOSTILE, path: '/result/attach/COUNTER' }],
      observations: [{ topic: `answer to ${HOSTILE}`, detail: `HTTP 400 ${HOSTILE}` }],
    },
    { name: 'a > attach/webhook/json > RCL-STATE-02', clause: 'RCL-STATE-02', callStyle: 'attach/webhook/json', status: 'skipped', message: 'needs B24_COVOTER_WEBHOOK_URL, which is not set' },
    { name: 'b > entity/webhook/multipart > RCL-REF-03', clause: 'RCL-REF-03', callStyle: 'entity/webhook/multipart', status: 'passed' },
  ];
  return buildReport({
    target: { kind: 'live', origin: `https://portal.example.com"><b>x</b>`, transport: 'undici' },
    cases,
    exchanges: [],
    errors: [`specs/x.spec.ts: ${HOSTILE}`],
    version: 't',
    date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  });
}
