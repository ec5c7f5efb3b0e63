/**
 * A refusal group against a portal where one refusal changes the poll (the wrong webhook secret
 * is let through and withdraws the vote): the group's views differ, each refusal is sent again
 * alone, and only the one that did it fails; the summary says what naming it cost.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ConformanceReport } from '../report/model';
import type { ChildResult } from '../../scripts/child-run';
import { runAgainstPortal, type PortalRun } from '../test-doubles/portal-run';

let result: ChildResult;
let report: ConformanceReport;
let run: PortalRun | undefined;

beforeAll(async () => {
  run = await runAgainstPortal({ B24_REQUIRE_FULL: '1' }, ['webhook-secret-ignored']);
  ({ result, report } = run);
}, 120_000);

afterAll(() => run?.close());

test('only the refusal that changed the poll fails; the other refusals of its group pass', () => {
  const failed = report.clauses.flatMap((c) => c.cases.filter((k) => k.status === 'failed').map((k) => `${c.id} [${k.callStyle}]`));
  expect(failed).toEqual(['RCL-REF-07 [attach/webhook/json]']);
  expect(report.summary.skipped).toBe(0);
  expect(result.code).toBe(1);
});

test('the extra requests are counted as bisection, and the summary says what they cost', () => {
  const spent = report.requests.byPurpose.bisection ?? 0;
  expect(spent).toBeGreaterThan(0);
  expect(result.stdout).toContain(`naming the refusal that changed a poll cost ${spent} extra request(s)`);
});
