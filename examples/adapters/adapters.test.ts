/**
 * The three example adapters, each through the whole suite against the reference portal: every
 * case judged, nothing failed, and the portal saw requests in the adapter's one encoding only
 * (counted by the portal as they arrive, not by the adapter), setup and cleanup included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { runConformance } from '../../src/runner/run';
import type { SeenRequest } from '../../src/portal';

const reportsDir = mkdtempSync(join(tmpdir(), 'example-adapters-'));
afterAll(() => rmSync(reportsDir, { recursive: true, force: true }));

const EXAMPLES = [
  ['get-query.ts', 'query'],
  ['post-form.ts', 'form'],
  ['post-json.ts', 'json'],
] as const;

/** The clauses of the success matrix, judged in every cell of identifier mode x auth style. */
const SIX_CELLS = ['RCL-CALL-01', 'RCL-RESP-01', 'RCL-COUNT-01', 'RCL-COUNT-06', 'RCL-STATE-02', 'RCL-STATE-04'];

test.for(EXAMPLES)('%s: every case judged, and the portal saw %s requests only', { timeout: 120_000 }, async ([file, encoding]) => {
  const seen: Record<string, number> = {};
  const env: NodeJS.ProcessEnv = { ...process.env, B24_TRANSPORT: fileURLToPath(new URL(file, import.meta.url)) };
  for (const name of ['B24_TARGET', 'B24_WEBHOOK_URL', 'B24_REQUIRE_FULL']) delete env[name];
  const { report, exitCode } = await runConformance({
    env,
    writeFiles: false,
    reportsDir,
    requireFull: true,
    portal: { onRequest: (request: SeenRequest) => void (seen[request.encoding] = (seen[request.encoding] ?? 0) + 1) },
  });

  expect(report.errors).toEqual([]);
  expect(report.summary.failed).toBe(0);
  expect(report.summary.skipped).toBe(0);
  expect(exitCode).toBe(0);
  expect(Object.keys(seen)).toEqual([encoding]);
  expect(seen[encoding]).toBe(report.requests.total);
  expect(report.coverage.encodings).toEqual({ [encoding]: report.coverage.total });
  const cells = Object.fromEntries(report.coverage.clauses.map((c) => [c.id, c]));
  for (const id of SIX_CELLS) expect(cells[id]).toMatchObject({ cells: 6, cellsJudged: 6 });
});
