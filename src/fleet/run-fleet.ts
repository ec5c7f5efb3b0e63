/**
 * Runs the single-run suite once per portal, each as its own `npm run conformance` child process
 * (so each has its own pacer, ledger and janitor sweep), at most `jobs` at a time. A portal that
 * fails, hangs or cannot be reached ends as that portal's verdict; the others go on.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskSecrets } from '../client/secrets';
import type { ConformanceReport } from '../report/model';
import type { FleetPortal } from './fleet-file';
import { portalResult, type FleetPortalResult } from './report';

/** One portal's run as a child process: what the fleet waits for, and how it stops it. */
export interface PortalProcess {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Sends a signal to the child's whole process group. */
  killGroup(signal: NodeJS.Signals): void;
}

export interface FleetRunOptions {
  portals: FleetPortal[];
  /** Starts one portal's single run (`npm run conformance`) with these variables. */
  launch: (vars: Record<string, string>) => PortalProcess;
  /** The fleet's folder; portal NAME reports to `<reportsDir>/NAME/`. */
  reportsDir: string;
  /** Portals run at once. */
  jobs: number;
  /** A portal's run is stopped (SIGTERM, then SIGKILL) after this long. */
  timeoutMs: number;
  /** How long a stopped run has to sweep its ledger after SIGTERM before SIGKILL. */
  graceMs?: number;
  /** Called once per portal, as it finishes, with how many have finished so far. */
  onFinish?: (result: FleetPortalResult, done: number) => void;
  /** Aborted on SIGINT/SIGTERM: running portals get SIGTERM (they finish their cases and sweep), the rest do not start. */
  signal?: AbortSignal;
}

/** The files a portal's run writes, removed before it starts so that a stale one is never read as its result. */
const RUN_OUTPUTS = ['conformance.json', 'junit.xml', 'conformance.html', 'parity.json', 'replay.json', 'output.log'];

export const PORTAL_LOG = 'output.log';

export async function runFleet(opts: FleetRunOptions): Promise<FleetPortalResult[]> {
  const queue = [...opts.portals];
  const results: FleetPortalResult[] = [];
  const running = new Set<PortalProcess>();
  const stopAll = () => {
    for (const run of running) killGroup(run, 'SIGTERM');
  };
  opts.signal?.addEventListener('abort', stopAll, { once: true });
  const worker = async () => {
    for (let portal = queue.shift(); portal; portal = queue.shift()) {
      const result = opts.signal?.aborted
        ? portalResult({ name: portal.name, exitCode: null, durationMs: 0, error: 'not run: the fleet was interrupted before this portal started' })
        : await runPortal(portal, opts, running);
      results.push(result);
      opts.onFinish?.(result, results.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, opts.portals.length)) }, worker));
  } finally {
    opts.signal?.removeEventListener('abort', stopAll);
  }
  return results;
}

function killGroup(run: PortalProcess, signal: NodeJS.Signals): void {
  try {
    run.killGroup(signal);
  } catch {
    // already gone
  }
}

async function runPortal(portal: FleetPortal, opts: FleetRunOptions, running: Set<PortalProcess>): Promise<FleetPortalResult> {
  const dir = join(opts.reportsDir, portal.name);
  mkdirSync(dir, { recursive: true });
  for (const file of RUN_OUTPUTS) rmSync(join(dir, file), { force: true });
  const started = performance.now();
  const run = opts.launch({ ...portal.env, B24_REPORTS_DIR: dir });
  running.add(run);
  let timedOut = false;
  let hardKill: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(run, 'SIGTERM');
    hardKill = setTimeout(() => killGroup(run, 'SIGKILL'), opts.graceMs ?? 30_000);
  }, opts.timeoutMs);
  let code: number | null = null;
  let signal: NodeJS.Signals | null = null;
  let stdout = '';
  let stderr = '';
  let spawnError: string | undefined;
  try {
    ({ code, signal, stdout, stderr } = await run.done);
  } catch (error) {
    spawnError = `the run could not start: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
    clearTimeout(hardKill);
    running.delete(run);
  }
  const durationMs = performance.now() - started;
  writeFileSync(join(dir, PORTAL_LOG), maskSecrets(`${stdout}${stderr ? `\n--- stderr ---\n${stderr}` : ''}`));

  let report: ConformanceReport | undefined;
  const json = join(dir, 'conformance.json');
  if (existsSync(json)) {
    try {
      report = JSON.parse(readFileSync(json, 'utf8')) as ConformanceReport;
    } catch {
      report = undefined;
    }
  }
  let error = spawnError;
  if (error === undefined && timedOut) error = `did not finish within ${Math.round(opts.timeoutMs / 1000)} s and was stopped; run npm run fleet -- FILE --janitor if it left polls behind`;
  else if (error === undefined && opts.signal?.aborted && code !== 0 && code !== 1) error = `stopped: the fleet was interrupted (${String(opts.signal.reason ?? 'signal')})`;
  else if (error === undefined && signal) error = `the run was killed by ${signal}`;
  else if (error === undefined && code !== 0 && code !== 1) error = lastLine(stderr) ?? `the run exited with ${code} and said nothing`;
  else if (error === undefined && !report) error = `the run exited with ${code} without writing conformance.json; see ${portal.name}/${PORTAL_LOG}`;
  return portalResult({
    name: portal.name,
    exitCode: code,
    durationMs,
    ...(report ? { report } : {}),
    ...(error !== undefined ? { error } : {}),
    reportPath: `${portal.name}/conformance.html`,
  });
}

/** The run's own message (conformance: ...), without the command's prefix or the DEBUG hint. */
function lastLine(stderr: string): string | undefined {
  const lines = maskSecrets(stderr)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !line.includes('set DEBUG=1'));
  const first = lines.findIndex((l) => l.startsWith('conformance: '));
  const message = first >= 0 ? lines.slice(first) : lines.slice(-1);
  return message.length > 0 ? message.join('\n').replace(/^conformance: /, '') : undefined;
}
