import { describe, expect, test } from 'vitest';
import { registerSecret } from '../client/secrets';
import { buildReport, type CaseInput } from '../report/model';
import { CLAUSES } from '../contract/clauses';
import { renderFleetHtml } from './html';
import { buildFleetReport, fleetExitCode, portalResult, progressLine, renderFleetJunit, renderFleetSummary } from './report';

const SECRET = 'fleetReportSecret0987';
registerSecret(SECRET);
const HOSTILE = `<script>console.error(1)</script>"&'`;

function conformance(failedIn: string[]) {
  const cases: CaseInput[] = [
    { name: 'a > attach/webhook/json > RCL-CALL-01', clause: 'RCL-CALL-01', callStyle: 'attach/webhook/json', status: 'passed' },
    ...failedIn.map((callStyle): CaseInput => ({ name: `a > ${callStyle} > RCL-COUNT-01`, clause: 'RCL-COUNT-01', callStyle, status: 'failed', message: 'x' })),
    { name: 'a > attach/webhook/json > RCL-STATE-02', clause: 'RCL-STATE-02', callStyle: 'attach/webhook/json', status: 'skipped', message: 'no co-voter' },
  ];
  return buildReport({ target: { kind: 'live', origin: 'https://p.example.com', transport: 'undici' }, cases, exchanges: [], errors: [], version: 't' });
}

const fleet = buildFleetReport({
  fleet: { digest: 'abc', portals: 3 },
  shards: [{ index: 1, count: 1 }],
  portals: [
    portalResult({ name: 'zeta', exitCode: 1, durationMs: 2100, report: conformance(['entity/oauth/form', 'signed/webhook/json']), reportPath: 'zeta/conformance.html' }),
    portalResult({ name: 'alpha', exitCode: 0, durationMs: 1000, report: conformance([]), reportPath: 'alpha/conformance.html' }),
    portalResult({ name: 'gone', exitCode: 2, durationMs: 300, error: `cannot reach https://x/rest/1/${SECRET}/ ${HOSTILE}` }),
  ],
});

describe('the fleet report', () => {
  test('one entry per portal, sorted by name, with its verdict, counts, exit code and error', () => {
    expect(fleet.portals.map((p) => [p.name, p.verdict, p.exitCode])).toEqual([['alpha', 'passed', 0], ['gone', 'error', 2], ['zeta', 'failed', 1]]);
    expect(fleet.portals[2]!.summary).toEqual({ passed: 1, failed: 2, skipped: 1 });
    expect(fleet.portals[2]!.clauses.find((c) => c.id === 'RCL-COUNT-01')).toEqual({ id: 'RCL-COUNT-01', status: 'failed', failedIn: ['entity/oauth/form', 'signed/webhook/json'] });
    expect(fleet.portals[1]).toMatchObject({ summary: { passed: 0, failed: 0, skipped: 0 }, clauses: [] });
    expect(fleet.portals[1]!.error).toContain('/rest/1/***/');
    expect(JSON.stringify(fleet)).not.toContain(SECRET);
    expect(fleet.summary).toEqual({ portals: 3, passed: 1, failed: 1, error: 1 });
    expect(fleetExitCode(fleet)).toBe(1);
    expect(fleetExitCode({ ...fleet, portals: fleet.portals.slice(0, 1) })).toBe(0);
  });

  test('a run that exited 1 without a report, or 0 with an error set, is an error, not a pass', () => {
    expect(portalResult({ name: 'a', exitCode: 1, durationMs: 1 }).verdict).toBe('error');
    expect(portalResult({ name: 'a', exitCode: 0, durationMs: 1, report: conformance([]), error: 'timed out' }).verdict).toBe('error');
    expect(portalResult({ name: 'a', exitCode: null, durationMs: 1, report: conformance([]) }).verdict).toBe('error');
  });

  test('JUnit: one suite per portal, a failure per failed clause, an error for a run that did not finish', () => {
    const xml = renderFleetJunit(fleet);
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
    expect(xml).toContain(`<testsuite name="zeta" tests="${CLAUSES.length}" failures="1" errors="0" skipped="`);
    expect(xml).toContain('<failure message="failed in entity/oauth/form, signed/webhook/json">');
    expect(xml).toContain('<testsuite name="gone" tests="1" failures="0" errors="1"');
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(SECRET);
  });

  test('the terminal: a progress line per portal and a portal x area matrix', () => {
    expect(progressLine(fleet.portals[2]!, 3, 3)).toBe('[3/3] zeta  FAILED  1 passed, 2 failed, 1 skipped  (exit 1, 2.1 s)  zeta/conformance.html');
    expect(progressLine(fleet.portals[1]!, 2, 3)).toMatch(/^\[2\/3\] gone {2}ERROR {2}cannot reach https:\/\/x\/rest\/1\/\*\*\*\/ /);
    const summary = renderFleetSummary(fleet);
    const lines = summary.split('\n');
    expect(lines.find((l) => l.startsWith('portal'))).toBe('portal  verdict  pass  fail  skip  CALL     RESP     COUNT    STATE    REF      REPEAT   LIFE     RACE');
    expect(lines.find((l) => l.startsWith('zeta'))).toBe('zeta    FAILED   1     2     1     ok       -        FAIL 1   -        -        -        -        -');
    expect(summary).toContain('  zeta: RCL-COUNT-01');
    expect(summary).not.toContain(SECRET);
    expect(lines.at(-1)).toBe('3 portal(s): 1 passed, 1 failed, 1 did not finish');
  });

  test('fleet.html: cells link into each portal\'s own report, FAIL cells to the failure; everything escaped', () => {
    const html = renderFleetHtml(fleet);
    expect(html).toContain('<a href="zeta/conformance.html#fail-RCL-COUNT-01--entity-oauth-form">FAIL</a>');
    expect(html).toContain('<a href="alpha/conformance.html#clause-RCL-CALL-01">ok</a>');
    expect(html).toContain('<th><a href="alpha/conformance.html">alpha</a></th>');
    expect(html).toContain('gone/output.log');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(SECRET);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });
});
