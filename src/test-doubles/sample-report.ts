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

/**
 * A report with `count` failures spread over the clauses and call styles the way a run with two
 * faults spreads them (several clauses, each failing in several cells), for the page-height and
 * click checks.
 */
export function manyFailuresReport(count: number): ConformanceReport {
  const styles = ['attach/webhook/json', 'attach/oauth/form', 'entity/webhook/multipart', 'entity/oauth/json', 'signed/webhook/query', 'signed/oauth/json'];
  const clauses = ['RCL-RESP-03', 'RCL-COUNT-01', 'RCL-COUNT-02', 'RCL-COUNT-03', 'RCL-COUNT-06', 'RCL-STATE-01', 'RCL-STATE-03', 'RCL-STATE-04', 'RCL-REF-01', 'RCL-REF-03', 'RCL-REF-06', 'RCL-REPEAT-01'];
  const cases: CaseInput[] = [];
  for (let i = 0; i < count; i += 1) {
    const clause = clauses[i % clauses.length]!;
    const callStyle = styles[Math.floor(i / clauses.length) % styles.length]!;
    cases.push({
      name: `f > ${callStyle} > ${clause} #${i}`,
      clause,
      callStyle,
      status: 'failed',
      message: `${clause} failed`,
      request: `POST https://portal.example.com/rest/1/***/vote.AttachedVote.recall  json {"attachId":${500 + i}}`,
      violations: [{ message: 'attach COUNTER did not fall by one', expected: 1, received: 2, path: '/result/attach/COUNTER' }],
    });
  }
  for (const clause of ['RCL-CALL-01', 'RCL-RESP-01', 'RCL-RESP-02', 'RCL-COUNT-04', 'RCL-COUNT-05', 'RCL-STATE-02', 'RCL-REF-02', 'RCL-REF-07']) {
    for (const callStyle of styles) cases.push({ name: `p > ${callStyle} > ${clause}`, clause, callStyle, status: 'passed', observations: [{ topic: 'counters', detail: 'sent as integers' }] });
  }
  return buildReport({ target: { kind: 'live', origin: 'https://portal.example.com', transport: 'undici' }, cases, exchanges: [], errors: [], version: 't', date: new Date(Date.UTC(2026, 0, 2)) });
}
