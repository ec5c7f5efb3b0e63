/**
 * One conformance run: resolve and check the target's configuration (before any request),
 * start the reference portal when it is the target, run the specs in vitest, sweep up polls a
 * crash left behind, and build the report.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVitest, type Vitest } from 'vitest/node';
import { loadLiveConfig, selectTargetKind } from '../targets/env';
import { startPortal, type PortalOptions } from '../portal';
import { buildReport, exitCodeOf, type ConformanceReport } from '../report/model';
import { CaseCollector } from '../report/vitest-reporter';
import { renderSummary } from '../report/terminal';
import { renderJunit } from '../report/junit';
import { RUN_DIR_VAR, RUN_ID_VAR, RunFiles } from './run-files';
import { TARGET_KIND_VAR } from '../targets/open';
import { transportName } from '../client/select';
import { recordRunTarget, sweepLedger } from './janitor';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Where conformance.json and junit.xml go. */
  reportsDir?: string;
  /** Options for the embedded portal, when it is the target (faults for the mutants). */
  portal?: PortalOptions;
  /** Progress and summary lines; silent when absent. */
  print?: (line: string) => void;
  /** Write report files (default true). */
  writeFiles?: boolean;
  /** Aborted on SIGINT/SIGTERM: the cases under way finish, the rest are cancelled, the ledger is swept. */
  signal?: AbortSignal;
}

export interface RunOutcome {
  report: ConformanceReport;
  exitCode: number;
  files: string[];
}

const VERSION = '0.1.0';

/** A B24_RATE so far above any request rate the suite reaches that the pacer never waits. */
const UNPACED_RATE = '1000000,1000';

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
    // Pace to the embedded portal's own limit: none unless one was asked for.
    if (!opts.env.B24_RATE?.trim()) {
      const limit = opts.portal?.rateLimit;
      workerEnv.B24_RATE = limit ? `${limit.burst},${limit.drainPerSecond}` : UNPACED_RATE;
    }
    origin = new URL(portal.url).origin;
  } else {
    // Checks every variable before anything is sent; a ConfigError stops the run here.
    const config = loadLiveConfig(opts.env);
    origin = config.origin;
  }
  recordRunTarget(files, { kind, origin });
  workerEnv[RUN_DIR_VAR] = runDir;
  workerEnv[RUN_ID_VAR] = runId;
  workerEnv[TARGET_KIND_VAR] = kind;

  print(`Running the recall conformance suite against the ${kind} target ${origin} via ${transport} (run ${runId})`);
  const collector = new CaseCollector(print);
  const vitestErrors: string[] = [];
  let running: Vitest | undefined;
  const cancel = () => {
    vitestErrors.push(`the run was interrupted (${String(opts.signal?.reason ?? 'aborted')}); cases not yet run were cancelled`);
    print('Interrupted: letting the cases under way finish, then deleting the polls this run created');
    void running?.cancelCurrentRun('keyboard-input');
  };
  // vitest's logger exits the process 1 ms after SIGINT/SIGTERM, which would skip the sweep: when
  // the caller handles signals, the handlers vitest adds are taken away again.
  const callerHandlers = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  // The instance exists only once vitest calls its reporters; an interrupt before that cancels on arrival.
  const stopper = {
    onInit(vitest: Vitest) {
      running = vitest;
      if (opts.signal) {
        for (const name of ['SIGINT', 'SIGTERM'] as const) {
          for (const listener of process.listeners(name)) if (!callerHandlers[name].includes(listener)) process.off(name, listener);
        }
      }
      if (opts.signal?.aborted) void vitest.cancelCurrentRun('keyboard-input');
    },
  };
  opts.signal?.addEventListener('abort', cancel, { once: true });
  try {
    if (opts.signal?.aborted) throw new Error('the run was interrupted before it started');
    const vitest = await startVitest('test', [], {
      root: repoRoot,
      config: join(repoRoot, 'vitest.conformance.config.ts'),
      watch: false,
      reporters: [collector, stopper],
      env: workerEnv as Record<string, string>,
    });
    await vitest.close();
  } catch (error) {
    vitestErrors.push(error instanceof Error ? error.message : String(error));
  } finally {
    opts.signal?.removeEventListener('abort', cancel);
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
    writeFileSync(junit, renderJunit(report));
    written.push(json, junit);
  }
  rmSync(join(runDir, 'exchanges.jsonl'), { force: true });
  print(renderSummary(report, written));
  return { report, exitCode: exitCodeOf(report), files: written };
}
