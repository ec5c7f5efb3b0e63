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
import type { TargetKind } from '../targets/types';
import { startPortal, type PortalOptions } from '../portal';
import { buildReport, exitCodeOf, type ConformanceReport } from '../report/model';
import { CaseCollector } from '../report/vitest-reporter';
import { renderSummary } from '../report/terminal';
import { renderJunit } from '../report/junit';
import { renderHtml } from '../report/html';
import { RUN_DIR_VAR, RUN_ID_VAR, RunFiles } from './run-files';
import { TARGET_KIND_VAR } from '../targets/open';
import { preflightTransport, transportLabel, wantsHttps } from '../client/select';
import { unseenRequestsError } from './request-audit';
import { sweepLedger } from './janitor';
import { prepareReplay, reportReplayUsage, type PreparedReplay } from '../fixtures/replay-run';
import type { LoggedExchange } from './run-files';

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
  /** Only the spec files whose path contains one of these (vitest filters); all when absent. */
  specs?: string[];
  /** Runs the spec files; default: a fresh vitest per run. The mutants reuse one instance. */
  specRunner?: SpecRunner;
  /**
   * Called after the specs ran, with the run's masked exchange log (recording and parity hook in
   * here). Its lines print before the summary; a non-zero number fails the run.
   */
  afterRun?: (run: FinishedRun) => Promise<number | void> | number | void;
}

export interface FinishedRun {
  kind: TargetKind;
  origin: string;
  transport: string;
  /** The variables the workers saw (secrets included: never print them). */
  targetEnv: NodeJS.ProcessEnv;
  exchanges: LoggedExchange[];
  /** Where report files go, when the run writes them. */
  reportsDir?: string;
  print: (line: string) => void;
}

/** Runs every spec file once, with this environment in the workers, reporting to `reporter`. */
export interface SpecRunner {
  /** `filters`: only the spec files whose path contains one of these; all when empty. */
  run(workerEnv: Record<string, string>, reporter: Reporter, filters: string[]): Promise<void>;
}

export const CONFORMANCE_CONFIG = join(repoRoot, 'vitest.conformance.config.ts');

const freshVitest: SpecRunner = {
  async run(workerEnv, reporter, filters) {
    const vitest = await startVitest('test', filters, {
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
  // A bad B24_TRANSPORT (unknown name, missing adapter, nothing exported) stops the run here.
  const choice = await preflightTransport(opts.env);
  const transport = transportLabel(choice);
  const reportsDir = resolve(opts.reportsDir ?? join(repoRoot, 'reports'));
  const runId = randomBytes(4).toString('hex');
  const runDir = join(reportsDir, '.run', runId);
  mkdirSync(runDir, { recursive: true });
  const files = new RunFiles(runDir, runId);

  let workerEnv: NodeJS.ProcessEnv = { ...opts.env };
  let close = async () => {};
  let portalRequests: (() => number) | undefined;
  let origin: string;
  let replay: PreparedReplay | undefined;
  if (kind === 'replay') {
    replay = prepareReplay(opts.env, repoRoot, transport);
    workerEnv = { ...workerEnv, ...replay.env };
    origin = replay.origin;
  } else if (kind === 'reference') {
    // The SDK insists on https: the portal then serves it with a self-signed certificate,
    // which the transport trusts for this target only (B24_CA_FILE).
    const portal = await startPortal({ https: wantsHttps(choice), ...opts.portal });
    close = () => portal.close();
    portalRequests = () => portal.requestCount();
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
  let received: number | undefined;
  try {
    await (opts.specRunner ?? freshVitest).run(workerEnv as Record<string, string>, collector, opts.specs ?? []);
    received = portalRequests?.();
  } catch (error) {
    vitestErrors = [error instanceof Error ? error.message : String(error)];
  } finally {
    if (kind !== 'replay') await sweepLedger(files, workerEnv, print).catch((e: unknown) => print(`janitor: ${e instanceof Error ? e.message : String(e)}`));
    await close();
  }

  const exchanges = files.readExchanges();
  // Counted before the janitor's own requests, which are not part of the suite's exchanges.
  const unseen = received === undefined ? undefined : unseenRequestsError(received, exchanges);
  let extraExit = 0;
  if (replay) reportReplayUsage(runDir, replay, opts.writeFiles === false ? undefined : reportsDir, print);
  if (opts.afterRun) {
    const code = await opts.afterRun({ kind, origin, transport, targetEnv: workerEnv, exchanges, reportsDir: opts.writeFiles === false ? undefined : reportsDir, print });
    if (typeof code === 'number') extraExit = code;
  }

  const report = buildReport({
    target: { kind, origin, transport },
    cases: collector.cases,
    exchanges,
    errors: [...collector.errors, ...vitestErrors, ...(unseen ? [unseen] : [])],
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
  return { report, exitCode: Math.max(exitCodeOf(report), extraExit), files: written };
}
