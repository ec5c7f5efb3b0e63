/**
 * `npm run conformance` end to end, in live mode, against a reference portal this test starts:
 * the run passes, writes both reports, leaves no poll behind, and reports the outsider clause as
 * skipped naming the variable it lacks. Bad configuration stops it before any request.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPortal, type RunningPortal } from '../src/portal';
import { runScript } from './child-run';
import type { ConformanceReport } from '../src/report/model';

let portal: RunningPortal;
let reports: string;

/** The CLI, with only the variables given: the developer's own B24_* cannot leak in. */
async function conformance(vars: Record<string, string>, args: string[] = []): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runScript('conformance', args, vars).done;
  return { status: code, stdout, stderr };
}

beforeAll(async () => {
  portal = await startPortal();
  reports = mkdtempSync(join(tmpdir(), 'b24rc-reports-'));
});

afterAll(async () => {
  await portal.close();
  rmSync(reports, { recursive: true, force: true });
});

describe('npm run conformance against a live portal', () => {
  test('passes, writes the reports, cleans up, and skips the outsider clause naming its variable', async () => {
    const { B24_OUTSIDER_WEBHOOK_URL: _omitted, ...env } = portal.env;
    // This portal has no rate limit: pacing at the documented 2/s would only make the test slow.
    const run = await conformance({ ...env, B24_REPORTS_DIR: reports, B24_RATE: '1000,1000' } as Record<string, string>);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/against the live target http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/);

    const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(report.target).toMatchObject({ kind: 'live', transport: 'undici' });
    const outsider = report.clauses.find((c) => c.id === 'RCL-REF-02')!;
    expect(outsider.status).toBe('skipped');
    expect(outsider.cases.map((c) => c.message)).toEqual(['needs B24_OUTSIDER_WEBHOOK_URL, which is not set']);
    expect(report.clauses.filter((c) => c.status === 'failed')).toEqual([]);
    expect(readFileSync(join(reports, 'junit.xml'), 'utf8')).toContain('<testsuites');

    // What the docs leave open, as proposed additions with their evidence, and no secret in it.
    const gaps = readFileSync(join(reports, 'doc-gaps.md'), 'utf8');
    const gapsJson = JSON.parse(readFileSync(join(reports, 'doc-gaps.json'), 'utf8')) as { gaps: { page: string; evidence: { clause: string; code?: string }[] }[] };
    expect(gaps).toContain('Proposed addition: State the HTTP status that comes with error 100 for a call that names no identifier.');
    expect(gapsJson.gaps.flatMap((g) => g.evidence).some((e) => e.clause === 'RCL-REF-01' && e.code === '400')).toBe(true);
    const secrets = Object.values(portal.env).flatMap((value) => /\/rest\/\d+\/([^/]+)\//.exec(value)?.slice(1) ?? []);
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(gaps + JSON.stringify(gapsJson)).not.toContain(secret);

    // Every poll the run created was deleted again.
    const state = portal.store.snapshot() as { polls: unknown[] };
    expect(report.requests.byMethod['vote.Integration.Im.send']).toBeGreaterThan(0);
    expect(state.polls).toEqual([]);
  }, 170_000);

  test('a malformed variable stops the run before any request, without echoing the secret', async () => {
    const before = portal.requestCount();
    const secret = 'sEcReT0123456789';
    const run = await conformance({ B24_WEBHOOK_URL: `${portal.url}/rest/${secret}/`, B24_CHAT_ID: portal.env.B24_CHAT_ID, B24_REPORTS_DIR: reports });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('B24_WEBHOOK_URL must look like');
    expect(run.stderr + run.stdout).not.toContain(secret);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(portal.requestCount()).toBe(before);
  }, 60_000);

  test('an unreachable portal stops the run with one line, before any case', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const run = await conformance({ B24_WEBHOOK_URL: `http://127.0.0.1:${port}/rest/1/abcdefgh1234/`, B24_CHAT_ID: '1', B24_REPORTS_DIR: reports });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`conformance: cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(run.stdout).not.toContain('RCL-');
  }, 60_000);

  test('an unknown argument is a usage error', async () => {
    const run = await conformance({}, ['--bogus']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown argument --bogus');
  }, 60_000);
});
