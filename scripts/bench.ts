/**
 * npm run bench: how long a run takes, how many requests it sends, and how fast the reference
 * portal is. Writes reports/bench.json and prints a table. Not part of npm test.
 *
 *  1. `npm run conformance` on the embedded target, median of N runs, against the vitest floor
 *     (the same config and startup running one trivial spec), both measured here.
 *  2. A live run against a standalone reference portal: its request count by method and by
 *     purpose against the budget (REQUEST_BUDGET), and its wall time without a limit and with
 *     the 50/2 limit on both sides (skipped by --quick), against the goal of under 10 s.
 *  3. The portal's throughput: concurrent clients each voting and recalling in a loop.
 *  4. A fleet: N standalone reference portals (every third with a fault) run by npm run fleet
 *     at --jobs 1 and at --jobs 8, wall time and the ratio.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, Agent } from 'undici';
import { repoRoot, runScript, type ChildResult } from './child-run';
import { startPortal } from '../src/portal';
import { REQUEST_BUDGET, type ConformanceReport } from '../src/report/model';
import { exitOnError } from './cli';
import { benchFleetFile } from './bench-fleet';
import { isUserError, UsageError } from '../src/errors';

/** The issue's goal for a live run against a 50/2-limited portal: a faithful run fits the burst and ends in this. */
const LIMITED_GOAL_S = 10;

const USAGE = `usage: npm run bench [-- --runs N] [--quick] [--clients N] [--seconds S] [--fleet N]

  --runs N      conformance runs to take the median of, and floor runs (default 3)
  --quick       skip the live run under the 50/2 limit (it takes about a minute by design)
  --clients N   concurrent clients in the throughput test (default 8)
  --seconds S   length of the throughput test (default 5)
  --fleet N     portals in the fleet figure (default 8; 0 skips it)

Writes reports/bench.json.`;

const FLOOR_FLAG = '--vitest-floor';
const FLOOR_DIR = join(repoRoot, '.tmp', 'bench-floor');

interface Options {
  runs: number;
  quick: boolean;
  clients: number;
  seconds: number;
  fleet: number;
}

function parse(argv: string[]): Options | 'help' {
  const options: Options = { runs: 3, quick: false, clients: 8, seconds: 5, fleet: 8 };
  const count = (flag: string, value: string | undefined): number => {
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} needs a whole number of at least 1`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--runs') options.runs = count(arg, argv[++i]);
    else if (arg === '--clients') options.clients = count(arg, argv[++i]);
    else if (arg === '--seconds') options.seconds = count(arg, argv[++i]);
    else if (arg === '--fleet') {
      const value = argv[++i];
      options.fleet = value === '0' ? 0 : count(arg, value);
    }
    else throw new UsageError(`unknown argument ${arg}`);
  }
  return options;
}

const median = (values: number[]): number => quantile(values, 0.5);

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = (sorted.length - 1) * q;
  const low = Math.floor(index);
  const high = Math.ceil(index);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (index - low);
}

const seconds = (ms: number): number => Math.round(ms / 10) / 100;

// ---- 1. conformance against the vitest floor ---------------------------------------------------

/** The child side of the floor: vitest started as the runner starts it, on one trivial spec. */
async function vitestFloor(): Promise<number> {
  const { startVitest } = await import('vitest/node');
  const vitest = await startVitest('test', [], {
    root: repoRoot,
    config: join(repoRoot, 'vitest.conformance.config.ts'),
    include: [join(FLOOR_DIR, '*.spec.ts')],
    watch: false,
    reporters: [{}],
  });
  const failed = vitest.state.getCountOfFailedTests();
  const ran = vitest.state.getFiles().length;
  await vitest.close();
  return failed === 0 && ran === 1 ? 0 : 1;
}

async function timed(what: string, start: () => Promise<ChildResult>): Promise<ChildResult> {
  const result = await start();
  if (result.code !== 0) {
    throw new Error(`${what} exited with ${result.code ?? result.signal}:\n${(result.stdout + result.stderr).split('\n').slice(-15).join('\n')}`);
  }
  return result;
}

async function conformanceVsFloor(runs: number, log: (line: string) => void) {
  mkdirSync(FLOOR_DIR, { recursive: true });
  writeFileSync(join(FLOOR_DIR, 'floor.spec.ts'), `import { expect, test } from 'vitest';\n\ntest('floor', () => {\n  expect(1 + 1).toBe(2);\n});\n`);
  const reportsDir = mkdtempSync(join(tmpdir(), 'b24-bench-'));
  const floorMs: number[] = [];
  const conformanceMs: number[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      // Alternate, so drift in the machine's load hits both alike.
      floorMs.push((await timed('the vitest floor', () => runScript('bench', [FLOOR_FLAG], {}).done)).wallMs);
      conformanceMs.push((await timed('npm run conformance', () => runScript('conformance', [], { B24_REPORTS_DIR: reportsDir }).done)).wallMs);
      log(`  run ${i + 1}/${runs}: floor ${seconds(floorMs[i]!)} s, conformance ${seconds(conformanceMs[i]!)} s`);
    }
    const report = JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as ConformanceReport;
    return {
      runs,
      floorMedianS: seconds(median(floorMs)),
      conformanceMedianS: seconds(median(conformanceMs)),
      ratio: Math.round((median(conformanceMs) / median(floorMs)) * 100) / 100,
      floorS: floorMs.map(seconds),
      conformanceS: conformanceMs.map(seconds),
      cases: report.summary,
      requests: report.requests.total,
      /** Of the last run: the summed durations of its requests. */
      timeInRequestsS: seconds(report.requests.list.reduce((sum, r) => sum + r.durationMs, 0)),
    };
  } finally {
    rmSync(reportsDir, { recursive: true, force: true });
    rmSync(FLOOR_DIR, { recursive: true, force: true });
  }
}

// ---- 2. live runs with and without the limit ---------------------------------------------------

async function liveRun(limited: boolean) {
  const portal = await startPortal(limited ? { rateLimit: { burst: 50, drainPerSecond: 2 } } : {});
  const reportsDir = mkdtempSync(join(tmpdir(), 'b24-bench-live-'));
  try {
    const result = await timed(`the live run${limited ? ' under 50/2' : ''}`, () =>
      runScript('conformance', [], { ...portal.env, B24_RATE: limited ? '50,2' : '100000,10000', B24_REPORTS_DIR: reportsDir }).done,
    );
    const report = JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as ConformanceReport;
    return {
      limit: limited ? '50,2' : 'none',
      wallS: seconds(result.wallMs),
      requests: report.requests.total,
      portalReceived: portal.requestCount(),
      rateLimited: report.requests.rateLimited,
      byMethod: report.requests.byMethod,
      byPurpose: report.requests.byPurpose,
      passed: report.summary.passed,
      failed: report.summary.failed,
    };
  } finally {
    await portal.close();
    rmSync(reportsDir, { recursive: true, force: true });
  }
}

// ---- 3. portal throughput ---------------------------------------------------------------------

async function throughput(clients: number, durationS: number) {
  const portal = await startPortal({ extraMembers: clients });
  const agent = new Agent({ connections: clients, keepAliveTimeout: 10_000 });
  const call = async (hook: string, method: string, params: Record<string, unknown>) => {
    const answer = await request(`${hook}${method}`, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
    const body = (await answer.body.json()) as { result?: Record<string, unknown> };
    if (answer.statusCode !== 200) throw new Error(`${method} answered ${answer.statusCode}`);
    return body.result ?? {};
  };
  try {
    const hook = portal.env.B24_WEBHOOK_URL;
    const sent = await call(hook, 'vote.Integration.Im.send', {
      chatId: Number(portal.env.B24_CHAT_ID),
      IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'Bench?', FIELD_TYPE: 0, ANSWERS: [{ MESSAGE: 'yes' }, { MESSAGE: 'no' }] }], OPTIONS: 1 },
    });
    const got = await call(hook, 'vote.AttachedVote.get', { moduleId: 'Im', entityType: 'Bitrix\\Vote\\Attachment\\ImMessageConnector', entityId: sent.messageId });
    const attach = got.attach as { ID: unknown; QUESTIONS: Record<string, { ANSWERS: Record<string, unknown> }> };
    const [questionId, question] = Object.entries(attach.QUESTIONS)[0]!;
    const ballot = { [questionId]: [Object.keys(question.ANSWERS)[0]] };
    const attachId = Number(attach.ID);

    const latencies: number[] = [];
    const deadline = performance.now() + durationS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const voter = portal.webhookUrlFor(101 + i);
        while (performance.now() < deadline) {
          const t0 = performance.now();
          await call(voter, 'vote.AttachedVote.vote', { attachId, ballot });
          await call(voter, 'vote.AttachedVote.recall', { attachId });
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const elapsedS = (performance.now() - started) / 1000;
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return {
      clients,
      seconds: Math.round(elapsedS * 100) / 100,
      cycles: latencies.length,
      cyclesPerSecond: Math.round(latencies.length / elapsedS),
      p50Ms: round(quantile(latencies, 0.5)),
      p99Ms: round(quantile(latencies, 0.99)),
      note: 'one cycle = vote + recall by one chat member over HTTP keep-alive; portal and clients share this process',
    };
  } finally {
    await agent.close();
    await portal.close();
  }
}

// ---- 4. a fleet at --jobs 1 and --jobs 8 ------------------------------------------------------

const FLEET_FAULTS = ['counters-not-decremented', 'auth-refused-with-403', 'recall-not-persisted'];

async function fleetFigure(size: number, log: (line: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'b24-bench-fleet-'));
  const portals: Array<{ name: string; faults: string[]; portal: Awaited<ReturnType<typeof startPortal>> }> = [];
  try {
    for (let i = 0; i < size; i += 1) {
      const faults = i % 3 === 2 ? [FLEET_FAULTS[Math.floor(i / 3) % FLEET_FAULTS.length]!] : [];
      portals.push({ name: `portal-${i + 1}`, faults, portal: await startPortal({ faults }) });
    }
    const { file: fleetFile, vars } = benchFleetFile(portals.map(({ name, portal }) => ({ name, env: portal.env })), { B24_RATE: '100000,10000' });
    const file = join(dir, 'fleet.json');
    writeFileSync(file, JSON.stringify(fleetFile));
    const wall: Record<number, number> = {};
    for (const jobs of [1, 8]) {
      const reportsDir = join(dir, `jobs-${jobs}`);
      const result = await runScript('fleet', [file, '--jobs', String(jobs)], { ...vars, B24_REPORTS_DIR: reportsDir }).done;
      if (!existsSync(join(reportsDir, 'fleet.json'))) throw new Error(`the fleet at --jobs ${jobs} exited ${result.code} and wrote no fleet.json: ${result.stderr.trim().slice(-400)}`);
      const fleet = JSON.parse(readFileSync(join(reportsDir, 'fleet.json'), 'utf8')) as { portals: Array<{ name: string; verdict: string }> };
      const wrong = portals.filter(({ name, faults }) => fleet.portals.find((p) => p.name === name)?.verdict !== (faults.length ? 'failed' : 'passed'));
      if (result.code !== (portals.some((p) => p.faults.length) ? 1 : 0) || wrong.length > 0) {
        throw new Error(`the fleet at --jobs ${jobs} exited ${result.code} with wrong verdicts for ${wrong.map((p) => p.name).join(', ') || 'none'}:\n${result.stderr.slice(-800)}`);
      }
      wall[jobs] = result.wallMs;
      log(`  --jobs ${jobs}: ${seconds(result.wallMs)} s`);
    }
    return {
      portals: size,
      faulty: portals.filter((p) => p.faults.length).map((p) => `${p.name}: ${p.faults.join(', ')}`),
      jobs1S: seconds(wall[1]!),
      jobs8S: seconds(wall[8]!),
      ratio: Math.round((wall[1]! / wall[8]!) * 100) / 100,
      note: 'unpaced portals in this process, each run a child process; on a machine with few cores the suite\'s own CPU time bounds the ratio',
    };
  } finally {
    for (const { portal } of portals) await portal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- main -------------------------------------------------------------------------------------

function table(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === FLOOR_FLAG) return vitestFloor();
  const options = parse(argv);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`bench: conformance on the embedded target against the vitest floor, ${options.runs} run(s) each`);
  const suite = await conformanceVsFloor(options.runs, log);
  log('bench: live run against a standalone reference portal, no limit');
  const unlimited = await liveRun(false);
  let limited: Awaited<ReturnType<typeof liveRun>> | undefined;
  if (!options.quick) {
    log(`bench: live run under a 50/2 limit (about ${Math.ceil((unlimited.requests - 48) / 2)} s by design)`);
    limited = await liveRun(true);
  }
  log(`bench: portal throughput, ${options.clients} clients for ${options.seconds} s`);
  const portal = await throughput(options.clients, options.seconds);
  let fleet: Awaited<ReturnType<typeof fleetFigure>> | undefined;
  if (options.fleet > 0) {
    log(`bench: a fleet of ${options.fleet} reference portals, at --jobs 1 and --jobs 8`);
    fleet = await fleetFigure(options.fleet, log);
  }

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    suite,
    live: {
      unlimited,
      limited: limited ?? 'skipped (--quick)',
      predictedLimitedS: Math.max(0, (unlimited.requests - 48) / 2),
      goal: { requests: REQUEST_BUDGET, limitedWallS: LIMITED_GOAL_S },
      requestsMet: unlimited.requests <= REQUEST_BUDGET,
      limitedMet: limited ? limited.wallS < LIMITED_GOAL_S && limited.rateLimited === 0 : 'skipped (--quick)',
    },
    portal,
    fleet: fleet ?? 'skipped (--fleet 0)',
  };
  const reportsDir = join(repoRoot, 'reports');
  mkdirSync(reportsDir, { recursive: true });
  const file = join(reportsDir, 'bench.json');
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  const rows: Array<[string, string]> = [
    ['vitest floor (median)', `${suite.floorMedianS} s`],
    ['npm run conformance (median)', `${suite.conformanceMedianS} s  = ${suite.ratio} × floor  (${suite.runs} runs)`],
    ['live run requests', `${unlimited.requests}  goal ≤ ${REQUEST_BUDGET}: ${unlimited.requests <= REQUEST_BUDGET ? 'met' : `NOT met, ${unlimited.requests - REQUEST_BUDGET} over`}`],
    ['  by method', Object.entries(unlimited.byMethod).map(([m, n]) => `${m.replace(/^vote\.(AttachedVote|Integration)\./, '')} ${n}`).join(', ')],
    ['  by purpose', Object.entries(unlimited.byPurpose).map(([why, n]) => `${why} ${n}`).join(', ')],
    ['live run, no limit', `${unlimited.wallS} s`],
    ['live run, 50/2 limit', limited ? `${limited.wallS} s  (${limited.rateLimited} × QUERY_LIMIT_EXCEEDED)  goal < ${LIMITED_GOAL_S} s: ${result.live.limitedMet === true ? 'met' : 'NOT met'}` : 'skipped (--quick)'],
    ['portal throughput', `${portal.cyclesPerSecond} vote+recall cycles/s, ${portal.clients} clients, p50 ${portal.p50Ms} ms, p99 ${portal.p99Ms} ms`],
    ['fleet', fleet ? `${fleet.portals} portals (${fleet.faulty.length} with a fault): --jobs 1 ${fleet.jobs1S} s, --jobs 8 ${fleet.jobs8S} s, ${fleet.ratio} × faster` : 'skipped (--fleet 0)'],
  ];
  process.stdout.write(`${table(rows)}\nWritten: ${file}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isUserError(error)) exitOnError('bench', error, USAGE);
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
