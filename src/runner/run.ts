/**
 * One conformance run: resolve and check the target's configuration (before any request),
 * start the reference portal when it is the target, run the specs in vitest, sweep up polls a
 * crash left behind, and build the report.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVitest, type Reporter } from 'vitest/node';
import { loadLiveConfig, selectTargetKind } from '../targets/env';
import { startPortal, type PortalOptions } from '../portal';
import { buildReport, exitCodeOf, type ConformanceReport } from '../report/model';
import { CaseCollector } from '../report/vitest-reporter';
import { renderSummary } from '../report/terminal';
import { renderJunit } from '../report/junit';
import { renderHtml } from '../report/html';
import { RUN_DIR_VAR, RUN_ID_VAR, RunFiles } from './run-files';
import { TARGET_KIND_VAR } from '../targets/open';
import { transportName } from '../client/select';
import { sweepLedger } from './janitor';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Where conformance.json, junit.xml and conformance.html go. */
  reportsDir?: string;
  /** Options for the embedded portal, when it is the target (faults for the mutants). */
  portal?: PortalOptions;
  /** Progress and summary lines; silent when absent. */
  print?: (line: string) => void;
  /** Write report files (default true). */
  writeFiles?: boolean;
  /** Runs the spec files; default: a fresh vitest per run. The mutants reuse one instance. */
  specRunner?: SpecRunner;
}

/** Runs every spec file once, with this environment in the workers, reporting to `reporter`. */
export interface SpecRunner {
  run(workerEnv: Record<string, string>, reporter: Reporter): Promise<void>;
}

export const CONFORMANCE_CONFIG = join(repoRoot, 'vitest.conformance.config.ts');

const freshVitest: SpecRunner = {
  async run(workerEnv, reporter) {
    const vitest = await startVitest('test', [], {
      root: repoRoot,
      config: CONFORMANCE_CONFIG,
      watch: false,
      reporters: [reporter],
      env: workerEnv,
    });
    await vitest.close();
  },
};

export interface RunOutcome {
  report: ConformanceReport;
  exitCode: number;
  files: string[];
}

const VERSION = '0.1.0';

export async function runConformance(opts: RunOptions): Promise<RunOutcome> {
  const print = opts.print ?? (() => {});
  const kind = selectTargetKind(opts.env);
  const reportsDir = resolve(opts.reportsDir ?? join(repoRoot, 'reports'));
  const runId = randomBytes(4).toString('hex');
  const runDir = join(reportsDir, '.run', runId);
  mkdirSync(runDir, { recursive: true });
  const files = new RunFiles(runDir, runId);

  const transport = transportName(opts.env);
  let workerEnv: NodeJS.ProcessEnv = { ...opts.env };
  let close = async () => {};
  let origin: string;
  if (kind === 'reference') {
    // The SDK insists on https: the portal then serves it with a self-signed certificate,
    // which the transport trusts for this target only (B24_CA_FILE).
    const portal = await startPortal({ https: transport === 'b24jssdk', ...opts.portal });
    close = () => portal.close();
    workerEnv = { ...workerEnv, ...portal.env };
    origin = new URL(portal.url).origin;
  } else {
    // Checks every variable before anything is sent; a ConfigError stops the run here.
    const config = loadLiveConfig(opts.env);
    origin = config.origin;
  }
  workerEnv[RUN_DIR_VAR] = runDir;
  workerEnv[RUN_ID_VAR] = runId;
  workerEnv[TARGET_KIND_VAR] = kind;

  print(`Running the recall conformance suite against the ${kind} target ${origin} via ${transport} (run ${runId})`);
  const collector = new CaseCollector(print);
  let vitestErrors: string[] = [];
  try {
    await (opts.specRunner ?? freshVitest).run(workerEnv as Record<string, string>, collector);
  } catch (error) {
    vitestErrors = [error instanceof Error ? error.message : String(error)];
  } finally {
    if (kind !== 'replay') await sweepLedger(files, workerEnv, print).catch((e: unknown) => print(`janitor: ${e instanceof Error ? e.message : String(e)}`));
    await close();
  }

  const report = buildReport({
    target: { kind, origin, transport },
    cases: collector.cases,
    exchanges: files.readExchanges(),
    errors: [...collector.errors, ...vitestErrors],
    version: VERSION,
  });
  const written: string[] = [];
  if (opts.writeFiles !== false) {
    mkdirSync(reportsDir, { recursive: true });
    const json = join(reportsDir, 'conformance.json');
    const junit = join(reportsDir, 'junit.xml');
    writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
    const html = join(reportsDir, 'conformance.html');
    writeFileSync(junit, renderJunit(report));
    writeFileSync(html, renderHtml(report));
    written.push(json, junit, html);
  }
  rmSync(join(runDir, 'exchanges.jsonl'), { force: true });
  print(renderSummary(report, written));
  return { report, exitCode: exitCodeOf(report), files: written };
}
