import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParityReport } from '../src/recordings/parity';
import { childEnv } from './child-run';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const scratch = mkdtempSync(join(tmpdir(), 'b24-compare-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A child's environment: none of the caller's B24_* variables, nor its NODE_OPTIONS (vitest's). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return childEnv({ NODE_OPTIONS: undefined, ...extra });
}

describe('npm run conformance -- --compare', () => {
  it('against a reference portal with a fault, lists the counters that fault leaves behind and fails', () => {
    const reports = join(scratch, 'reports');
    const run = spawnSync(TSX, ['scripts/conformance.ts', '--compare', 'fixtures', '--fault', 'counters-not-decremented'], {
      cwd: ROOT,
      env: cleanEnv({ B24_REPORTS_DIR: reports }),
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/Parity with .*fixtures: [1-9]\d* failure\(s\)/);
    expect(run.stdout).toMatch(/FAIL result\.attach\.COUNTER: recorded 1, received 2/);
    const parity = JSON.parse(readFileSync(join(reports, 'parity.json'), 'utf8')) as ParityReport;
    const counter = parity.differences.find((d) => d.path === 'result.attach.COUNTER' && d.method === 'vote.AttachedVote.recall');
    expect(counter).toMatchObject({ file: 'recall.call-styles.json', recorded: 1, received: 2, severity: 'failure' });
  }, 120_000);

  it('against a faithful variant (a recall with nothing to withdraw refused with 400), only notes those refusals and passes', () => {
    const reports = join(scratch, 'reports-faithful');
    const run = spawnSync(TSX, ['scripts/conformance.ts', '--compare', 'fixtures', '--fault', 'recall-without-vote-refused'], {
      cwd: ROOT,
      env: cleanEnv({ B24_REPORTS_DIR: reports }),
      encoding: 'utf8',
      timeout: 110_000,
    });
    // The two repeat cases, and in each call style the second of two recalls sent at once.
    expect(run.stdout).toMatch(/Parity with .*fixtures: 0 failure\(s\), 8 observation\(s\)/);
    expect(run.status).toBe(0);
    const parity = JSON.parse(readFileSync(join(reports, 'parity.json'), 'utf8')) as ParityReport;
    expect(parity.differences.map((d) => [d.file, d.path, d.recorded, d.received, d.severity])).toEqual([
      ...Array.from({ length: 6 }, () => ['recall.race.json', 'status', 200, 400, 'observation']),
      ['recall.repeat.json', 'status', 200, 400, 'observation'],
      ['recall.repeat.json', 'status', 200, 400, 'observation'],
    ]);
  }, 120_000);

  it('against a portal that answers a wrong secret or token with 403, fails the status the docs fix', () => {
    const reports = join(scratch, 'reports-auth');
    const run = spawnSync(TSX, ['scripts/conformance.ts', '--compare', 'fixtures', '--fault', 'auth-refused-with-403'], {
      cwd: ROOT,
      env: cleanEnv({ B24_REPORTS_DIR: reports }),
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(run.status).toBe(1);
    const parity = JSON.parse(readFileSync(join(reports, 'parity.json'), 'utf8')) as ParityReport;
    const failures = parity.differences.filter((d) => d.severity === 'failure').map((d) => [d.test.match(/RCL-REF-0\d/)?.[0], d.path, d.recorded, d.received]);
    expect(failures).toEqual([
      ['RCL-REF-07', 'status', 401, 403],
      ['RCL-REF-08', 'status', 401, 403],
    ]);
  }, 120_000);

  it('rejects --fault when the target is not the embedded portal', () => {
    const run = spawnSync(TSX, ['scripts/conformance.ts', '--fault', 'time-missing'], {
      cwd: ROOT,
      env: cleanEnv({ B24_TARGET: 'replay', B24_REPORTS_DIR: join(scratch, 'r2') }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--fault applies to the embedded reference portal only');
  }, 40_000);
});
