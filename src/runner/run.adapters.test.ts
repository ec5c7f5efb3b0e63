/**
 * Whole runs through adapter modules (B24_TRANSPORT=<path>), in-process against the reference
 * portal. Each deliberately broken adapter must make the run fail for its own reason, and the
 * same wrapper left intact must pass, so none of these checks can pass for the wrong reason.
 */
import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runConformance, type RunOptions } from './run';
import { CALL_STYLES } from '../client/call-styles';
import type { CaseReport, ConformanceReport } from '../report/model';
import { ConfigError } from '../errors';
import { NO_OAUTH } from '../test-doubles/adapters/webhook-only';

const fixtures = fileURLToPath(new URL('../test-doubles/adapters/', import.meta.url));
/** The spec file holding every call style, signed mode included; one file keeps each run short. */
const SPECS = ['recall.call-styles'];
const RUN_TIMEOUT = 120_000;

const reportsDir = mkdtempSync(join(tmpdir(), 'adapter-runs-'));
afterAll(() => rmSync(reportsDir, { recursive: true, force: true }));

function envFor(adapter: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, B24_TRANSPORT: `./${relative(process.cwd(), join(fixtures, adapter))}` };
  for (const name of ['B24_TARGET', 'B24_WEBHOOK_URL']) delete env[name];
  return env;
}

function run(adapter: string, options: Partial<RunOptions> = {}) {
  if (adapter === 'b24jssdk') return runConformance({ env: { ...envFor('faithful.ts'), B24_TRANSPORT: 'b24jssdk' }, writeFiles: false, reportsDir, specs: SPECS, ...options });
  return runConformance({ env: envFor(adapter), writeFiles: false, reportsDir, specs: SPECS, ...options });
}

function allCases(report: ConformanceReport): CaseReport[] {
  return report.clauses.flatMap((clause) => clause.cases);
}

const SIGNED_STYLES = CALL_STYLES.filter((s) => s.mode === 'signed').map((s) => s.name).sort();
const isSigned = (c: CaseReport): boolean => c.callStyle.startsWith('signed/');

describe('runs through adapter modules', () => {
  test('an adapter module without createTransport stops the run before the portal starts or anything is sent', async () => {
    const ownReports = join(reportsDir, 'refused');
    const outcome = runConformance({ env: envFor('exports-nothing.ts'), writeFiles: false, reportsDir: ownReports, specs: SPECS });

    await expect(outcome).rejects.toThrow(ConfigError);
    await expect(outcome).rejects.toThrow(/exports-nothing\.ts: the module must export a function createTransport/);
    expect(existsSync(join(ownReports, '.run'))).toBe(false);
  });


  test('the undici transport wrapped as an adapter passes, with every request accounted for', async () => {
    const { report, exitCode } = await run('faithful.ts');

    expect(report.errors).toEqual([]);
    expect(report.target.transport).toMatch(/faithful\.ts$/);
    expect(report.summary.failed).toBe(0);
    expect(allCases(report).filter((c) => isSigned(c) && c.status === 'passed').length).toBeGreaterThan(0);
    expect(exitCode).toBe(0);
  }, RUN_TIMEOUT);

  test('the SDK run: the portal counted exactly the requests its exchanges show', async () => {
    const { report, exitCode } = await run('b24jssdk');

    expect(report.target.transport).toBe('b24jssdk');
    expect(report.requests.total).toBeGreaterThan(0);
    expect(report.errors).toEqual([]);
    // JSON only, and every cell of the matrix judged in it.
    expect(report.summary.skipped).toBe(0);
    expect(Object.keys(report.coverage.encodings)).toEqual(['json']);
    expect(exitCode).toBe(0);
  }, RUN_TIMEOUT);

  test('an adapter whose supports() accepts only query makes no request in any other encoding, and has every case judged', async () => {
    const seen: Record<string, number> = {};
    const { report, exitCode } = await run('query-only.ts', {
      specs: [],
      requireFull: true,
      portal: { onRequest: ({ encoding }) => void (seen[encoding] = (seen[encoding] ?? 0) + 1) },
    });

    expect(report.errors).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.summary).toMatchObject({ failed: 0, skipped: 0 });
    // Counted by the portal as requests arrive: setup, refusals, repeats and cleanup included.
    expect(seen).toEqual({ query: report.requests.total });
    expect(allCases(report).map((c) => c.callStyle.split(' ')[0]!.split('/')[2]).filter((e) => e !== 'query')).toEqual([]);
  }, RUN_TIMEOUT);

  test('an adapter that cannot express OAuth has the OAuth cells skipped with its reason, and every other case judged', async () => {
    const { report, exitCode } = await run('webhook-only.ts', { specs: ['recall.call-styles', 'recall.refusals'] });

    expect(report.errors).toEqual([]);
    expect(exitCode).toBe(0);
    const skipped = allCases(report).filter((c) => c.status === 'skipped');
    // `none/oauth`: the recall that names no identifier, sent with an OAuth token.
    expect(new Set(skipped.map((c) => c.callStyle))).toEqual(new Set(['attach/oauth', 'entity/oauth', 'signed/oauth', 'none/oauth']));
    expect(new Set(skipped.map((c) => c.message))).toEqual(new Set([`the transport cannot send an OAuth call in any encoding (${NO_OAUTH})`]));
    // The three OAuth cells of the 14 success clauses, the invalid-token refusal and the no-identifier one.
    expect(skipped.length).toBe(3 * 14 + 2);
    expect(report.summary.failed).toBe(0);
    expect(allCases(report).filter((c) => c.callStyle.includes('/webhook')).every((c) => c.status === 'passed')).toBe(true);
  }, RUN_TIMEOUT);

  test('an adapter that drops signedAttachId fails the run, in the signed-mode cases only', async () => {
    const { report, exitCode } = await run('drops-signed-attach-id.ts');

    expect(exitCode).toBe(1);
    const failed = allCases(report).filter((c) => c.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((c) => !isSigned(c))).toEqual([]);
    const signedCalls = allCases(report).filter((c) => isSigned(c) && c.name.includes('RCL-CALL-01'));
    expect(signedCalls.map((c) => c.callStyle).sort()).toEqual(SIGNED_STYLES);
    expect(signedCalls.every((c) => c.status === 'failed')).toBe(true);
    expect(report.errors).toEqual([]);
  }, RUN_TIMEOUT);

  test('an adapter that sends a request it does not report fails the run with the counts named', async () => {
    const { report, exitCode } = await run('extra-request.ts');

    expect(exitCode).toBe(1);
    expect(report.summary.failed).toBe(0);
    const reported = report.requests.total;
    expect(report.errors).toEqual([
      `the portal received ${reported + 1} requests, the transport reported ${reported}: something retried or sent requests the suite cannot see`,
    ]);
  }, RUN_TIMEOUT);
});
