/**
 * A live run with only the participant's webhook: no OAuth token, no co-voter, no outsider.
 * Every case that needs one of them is skipped with the variable that would provide it, and
 * nothing fails: a refusal group goes on when one of its calls cannot be made (RCL-REF-08 and
 * the OAuth case of RCL-REF-09 have no token to send), and the others are judged as usual.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ConformanceReport } from '../report/model';
import type { ChildResult } from '../../scripts/child-run';
import { runAgainstPortal, type PortalRun } from '../test-doubles/portal-run';

let result: ChildResult;
let report: ConformanceReport;
let run: PortalRun | undefined;

beforeAll(async () => {
  run = await runAgainstPortal({ B24_OAUTH_TOKEN: undefined, B24_COVOTER_WEBHOOK_URL: undefined, B24_OUTSIDER_WEBHOOK_URL: undefined });
  ({ result, report } = run);
}, 120_000);

afterAll(() => run?.close());

test('nothing fails, and every skip names the variable that would provide what it needs', () => {
  expect(result.code, result.stdout.slice(-1500)).toBe(0);
  expect(report.summary.failed).toBe(0);
  expect(report.summary.passed).toBeGreaterThan(0);
  expect(report.coverage.unjudged.length).toBe(report.summary.skipped);
  for (const line of report.coverage.unjudged) expect(line).toMatch(/needs B24_(OAUTH_TOKEN|COVOTER_WEBHOOK_URL|OUTSIDER_WEBHOOK_URL)/);
});

test('the OAuth refusals are skipped, and the webhook refusals of their group still judged', () => {
  const unjudged = new Set(report.coverage.unjudged.map((line) => line.split(':')[0]));
  expect(unjudged).toContain('RCL-REF-08 [attach/oauth/json]');
  expect(unjudged).toContain('RCL-REF-09 [none/oauth/form]');
  const ref09 = report.clauses.find((c) => c.id === 'RCL-REF-09')!;
  expect(ref09.cases.filter((c) => c.status === 'passed').map((c) => c.callStyle).sort()).toEqual(['none/webhook/json', 'none/webhook/query']);
  const ref07 = report.clauses.find((c) => c.id === 'RCL-REF-07')!;
  expect(ref07.cases.map((c) => c.status)).toEqual(['passed']);
});
