/**
 * For tests: `npm run conformance` in a child process against a standalone reference portal,
 * the way a user runs it against a live one, with the report it wrote. Call close() in afterAll.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPortal, type RunningPortal } from '../portal';
import type { ConformanceReport } from '../report/model';
import { runScript, type ChildResult } from '../../scripts/child-run';

export interface PortalRun {
  portal: RunningPortal;
  result: ChildResult;
  report: ConformanceReport;
  close(): Promise<void>;
}

/** `vars` are laid over the portal's own variables; an undefined value removes one. `faults` are the portal's named deviations. */
export async function runAgainstPortal(vars: Record<string, string | undefined>, faults: string[] = []): Promise<PortalRun> {
  const portal = await startPortal({ faults });
  const reportsDir = mkdtempSync(join(tmpdir(), 'b24-portal-run-'));
  const close = async () => {
    await portal.close();
    rmSync(reportsDir, { recursive: true, force: true });
  };
  try {
    const result = await runScript('conformance', [], { ...portal.env, B24_RATE: '100000,10000', ...vars, B24_REPORTS_DIR: reportsDir }).done;
    const report = JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as ConformanceReport;
    return { portal, result, report, close };
  } catch (error) {
    await close();
    throw error;
  }
}
