/**
 * B24_REQUIRE_FULL=1 from the command line, the way CI runs it: the reference portal as a live
 * target with no outsider configured. The same run passes without the flag (so the failure is the
 * flag's doing), and fails with it, naming the missing variable.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPortal, type RunningPortal } from '../portal';
import type { ConformanceReport } from '../report/model';
import { runScript, type ChildResult } from '../../scripts/child-run';

const NEEDS = 'needs B24_OUTSIDER_WEBHOOK_URL, which is not set';
/** Every case that asks a non-member to recall: RCL-REF-02, and RCL-REF-12 in the other modes. */
const OUTSIDER_SKIPS = [
  `RCL-REF-02 [attach/webhook/form]: ${NEEDS}`,
  `RCL-REF-12 [entity/webhook/json]: ${NEEDS}`,
  `RCL-REF-12 [signed/webhook/json]: ${NEEDS}`,
  `RCL-REF-12 [signed/webhook/query]: ${NEEDS}`,
];

let portal: RunningPortal;
const dirs: string[] = [];

async function run(requireFull: string | undefined): Promise<{ result: ChildResult; report: ConformanceReport; reportsDir: string }> {
  const reportsDir = mkdtempSync(join(tmpdir(), 'b24-require-full-'));
  dirs.push(reportsDir);
  const vars = { ...portal.env, B24_OUTSIDER_WEBHOOK_URL: undefined, B24_REPORTS_DIR: reportsDir, B24_RATE: '100000,1000', B24_REQUIRE_FULL: requireFull };
  const result = await runScript('conformance', [], vars).done;
  const report = JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as ConformanceReport;
  return { result, report, reportsDir };
}

let lenient: Awaited<ReturnType<typeof run>>;
let strict: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  portal = await startPortal();
  [lenient, strict] = await Promise.all([run(undefined), run('1')]);
}, 120_000);

afterAll(async () => {
  await portal?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('B24_REQUIRE_FULL', () => {
  test('without it, a run missing the outsider skips exactly the outsider cases and passes', () => {
    expect(lenient.result.code).toBe(0);
    expect(lenient.report.summary).toMatchObject({ failed: 0, skipped: OUTSIDER_SKIPS.length });
    expect(lenient.report.coverage.required).toBe(false);
    expect([...lenient.report.coverage.unjudged].sort()).toEqual(OUTSIDER_SKIPS);
  });

  test('with B24_REQUIRE_FULL=1 the same run fails, listing the skipped case and the variable that would provide it', () => {
    expect(strict.result.code).toBe(1);
    expect(strict.report.summary).toMatchObject({ failed: 0, skipped: OUTSIDER_SKIPS.length });
    expect(strict.report.coverage.required).toBe(true);
    expect([...strict.report.coverage.unjudged].sort()).toEqual(OUTSIDER_SKIPS);
    expect(strict.result.stdout).toContain(`Coverage required (B24_REQUIRE_FULL=1), but ${OUTSIDER_SKIPS.length} case(s) were skipped:\n`);
    for (const line of OUTSIDER_SKIPS) expect(strict.result.stdout).toContain(`\n  ${line}\n`);
    expect(strict.result.stdout.trimEnd().split('\n').at(-1)).toMatch(/ 0 failed, 4 skipped \(the run fails: B24_REQUIRE_FULL=1 and 4 skipped\)$/);
    const html = readFileSync(join(strict.reportsDir, 'conformance.html'), 'utf8');
    expect(html).toContain('B24_OUTSIDER_WEBHOOK_URL');
  });
});
