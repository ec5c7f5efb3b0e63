/**
 * One conformance run: resolve and check the target's configuration (before any request),
 * start the reference portal when it is the target, run the specs in vitest, sweep up polls a
 * crash left behind, and build the report.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVitest, type Reporter, type Vitest } from 'vitest/node';
import { loadLiveConfig, loadRunSettings, type RunSettings } from '../targets/env';
import { createLiveTarget } from '../targets/live';
import { maskDeep } from '../client/secrets';
import { checkReachable } from '../client/reachability';
import type { TargetKind } from '../targets/types';
import { startPortal, type PortalOptions } from '../portal';
import { buildReport, exitCodeOf, type ConformanceReport } from '../report/model';
import { CaseCollector } from '../report/vitest-reporter';
import { renderSummary } from '../report/terminal';
import { renderJunit } from '../report/junit';
import { renderHtml } from '../report/html';
import { RUN_DIR_VAR, RUN_ID_VAR, RunFiles, TARGET_KIND_VAR } from '../run-files';
import { preloadTransport, transportLabel, wantsHttps } from '../client/select';
import { buildDocGaps, renderDocGapsMarkdown } from '../report/doc-gaps';
import { unseenRequestsError } from './request-audit';
import { recordRunTarget, sweepLedger } from './janitor';
import { prepareReplay, reportReplayUsage, type PreparedReplay } from '../recordings/replay-run';
import type { LoggedExchange } from '../run-files';
import { ConfigError, UnreachableError } from '../errors';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunOptions {
  /** The environment the workers start from (and the settings are read from, when not given). */
  env: NodeJS.ProcessEnv;
  /** The settings the entry point read from `env`, once; read here when absent. */
  settings?: RunSettings;
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
  /** Aborted on SIGINT/SIGTERM: the cases under way finish, the rest are cancelled, the ledger is swept. */
  signal?: AbortSignal;
  /** A skipped case fails the run, each listed with its reason; default: `B24_REQUIRE_FULL=1` in `env`. */
  requireFull?: boolean;
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

/** Runs every spec file once, with this environment in the workers, reporting to `reporters`. */
export interface SpecRunner {
  /** `filters`: only the spec files whose path contains one of these; all when empty. */
  run(workerEnv: Record<string, string>, reporters: Reporter[], filters: string[]): Promise<void>;
}

export const CONFORMANCE_CONFIG = join(repoRoot, 'vitest.conformance.config.ts');

const freshVitest: SpecRunner = {
  async run(workerEnv, reporters, filters) {
    const vitest = await startVitest('test', filters, {
      root: repoRoot,
      config: CONFORMANCE_CONFIG,
      watch: false,
      reporters,
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

/** The suite's version, as package.json gives it. */
const VERSION = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** A B24_RATE so far above any request rate the suite reaches that the pacer never waits. */
const UNPACED_RATE = '1000000,1000';

/** The variables that describe a live portal; the embedded one brings its own. */
const LIVE_ONLY = /^B24_(WEBHOOK_URL|OAUTH_TOKEN|OAUTH_REST_URL|COVOTER_WEBHOOK_URL|OUTSIDER_WEBHOOK_URL|CHAT_ID|EXPIRED_OAUTH_TOKEN|CA_FILE|ALLOW_INSECURE)$/;

/**
 * The env with every live-only variable blanked. Blank, not removed: the workers start from this
 * process's own environment, and an empty value is what overrides an inherited one (an empty
 * variable counts as unset).
 */
function withoutLiveVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, LIVE_ONLY.test(key) ? '' : value]));
}

function makeReportsDir(runDir: string, reportsDir: string): void {
  try {
    mkdirSync(runDir, { recursive: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new ConfigError([`the reports folder ${reportsDir} cannot be created or written (${reason}); set B24_REPORTS_DIR to a writable folder`]);
  }
}

export async function runConformance(opts: RunOptions): Promise<RunOutcome> {
  const print = opts.print ?? (() => {});
  // Every setting is checked before a portal starts or a request is sent.
  const settings = opts.settings ?? loadRunSettings(opts.env);
  const kind = settings.kind;
  // A bad B24_TRANSPORT (unknown name, missing adapter, nothing exported) stops the run here.
  const choice = settings.transport;
  await preloadTransport(choice);
  const transport = transportLabel(choice);
  const requireFull = opts.requireFull ?? settings.requireFull;
  const reportsDir = resolve(opts.reportsDir ?? join(repoRoot, 'reports'));
  const runId = randomBytes(4).toString('hex');
  const runDir = join(reportsDir, '.run', runId);
  makeReportsDir(runDir, reportsDir);
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
    // The embedded portal's own variables replace any a live setup left in the shell
    // (a CA file, a co-voter, B24_ALLOW_INSECURE): they describe another portal.
    workerEnv = { ...withoutLiveVariables(workerEnv), ...portal.env };
    // Its secrets are masked in this process too (the reporter and the report files live here).
    loadLiveConfig(workerEnv);
    origin = new URL(portal.url).origin;
    // Pace to the embedded portal's own limit: none unless one was asked for.
    if (!opts.env.B24_RATE?.trim()) {
      const limit = opts.portal?.rateLimit;
      workerEnv.B24_RATE = limit ? `${limit.burst},${limit.drainPerSecond}` : UNPACED_RATE;
    }
  } else {
    const config = settings.live ?? loadLiveConfig(opts.env);
    // Reads B24_CA_FILE now, so an unreadable one stops the run here and not in every spec file.
    const target = createLiveTarget(config);
    // An unreachable portal or an untrusted certificate: one message, before any case runs.
    await checkReachable(config.origin, { ca: target.ca, timeoutMs: config.timeoutMs }).catch((error: unknown) => {
      throw error instanceof UnreachableError ? new ConfigError([error.message]) : error;
    });
    origin = config.origin;
  }
  workerEnv[RUN_DIR_VAR] = runDir;
  workerEnv[RUN_ID_VAR] = runId;
  workerEnv[TARGET_KIND_VAR] = kind;
  recordRunTarget(files, { kind, origin });

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
  const stopper: Reporter = {
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
  let received: number | undefined;
  try {
    if (opts.signal?.aborted) throw new Error('the run was interrupted before it started');
    await (opts.specRunner ?? freshVitest).run(workerEnv as Record<string, string>, [collector, stopper], opts.specs ?? []);
  } catch (error) {
    vitestErrors.push(error instanceof Error ? error.message : String(error));
  } finally {
    opts.signal?.removeEventListener('abort', cancel);
    if (kind !== 'replay') await sweepLedger(files, workerEnv, print).catch((e: unknown) => print(`janitor: ${e instanceof Error ? e.message : String(e)}`));
    // After the sweep, whose requests also go to the run's exchange log.
    received = portalRequests?.();
    await close();
  }

  const exchanges = files.readExchanges();
  const unseen = received === undefined ? undefined : unseenRequestsError(received, exchanges);
  let extraExit = 0;
  if (replay) reportReplayUsage(runDir, replay, opts.writeFiles === false ? undefined : reportsDir, print);
  if (opts.afterRun) {
    const code = await opts.afterRun({ kind, origin, transport, targetEnv: workerEnv, exchanges, reportsDir: opts.writeFiles === false ? undefined : reportsDir, print });
    if (typeof code === 'number') extraExit = code;
  }

  // Masked once more as a whole: whatever a case or an error message carried, no secret leaves.
  const report = maskDeep(buildReport({
    target: { kind, origin, transport },
    cases: collector.cases,
    exchanges,
    errors: [...collector.errors, ...vitestErrors, ...(unseen ? [unseen] : [])],
    version: VERSION,
    requireFull,
  }));
  const written: string[] = [];
  if (opts.writeFiles !== false) {
    mkdirSync(reportsDir, { recursive: true });
    const json = join(reportsDir, 'conformance.json');
    const junit = join(reportsDir, 'junit.xml');
    writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
    const html = join(reportsDir, 'conformance.html');
    writeFileSync(junit, renderJunit(report));
    writeFileSync(html, renderHtml(report));
    // What the target did where both documentation sets are silent, for the docs maintainers.
    const gaps = maskDeep(buildDocGaps({ cases: collector.cases, target: report.target, date: new Date(report.date) }));
    const gapsJson = join(reportsDir, 'doc-gaps.json');
    const gapsMd = join(reportsDir, 'doc-gaps.md');
    writeFileSync(gapsJson, `${JSON.stringify(gaps, null, 2)}\n`);
    writeFileSync(gapsMd, renderDocGapsMarkdown(gaps));
    written.push(json, junit, html, gapsMd, gapsJson);
  }
  rmSync(join(runDir, 'exchanges.jsonl'), { force: true });
  print(renderSummary(report, written));
  return { report, exitCode: Math.max(exitCodeOf(report), extraExit), files: written };
}
