/**
 * npm run fleet -- FILE: runs the conformance suite against every portal of a fleet file, each
 * as its own `npm run conformance` child process, at most --jobs at a time, and writes
 * B24_REPORTS_DIR/<name>/ per portal plus fleet.json, fleet.xml and fleet.html.
 * Exit 0 only if every portal passed; 1 otherwise; 2 for a bad fleet file or usage.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadFleetFile, parseShard, selectShard, type FleetPortal, type Shard } from '../src/fleet/fleet-file';
import { writeFleetReports } from '../src/fleet/output';
import { buildFleetReport, fleetExitCode, progressLine, renderFleetSummary } from '../src/fleet/report';
import { runFleet } from '../src/fleet/run-fleet';
import { maskSecrets } from '../src/client/secrets';
import { exitOnError } from './cli';
import { repoRoot, runScript } from './child-run';
import { ConfigError, UsageError } from '../src/errors';

const USAGE = `usage: npm run fleet -- FILE [--jobs N] [--shard i/n] [--timeout SECONDS] [--janitor]

Runs the vote.AttachedVote.recall conformance suite against every portal of the fleet file FILE:
  {"portals": [{"name": "acme-prod", "env": {"B24_WEBHOOK_URL": "$ACME_WEBHOOK", "B24_CHAT_ID": "17"}}, ...]}
Each env holds the variables of a single live run; a value "$NAME" is read from the environment
(B24_* variables of the shell are not passed on: only what the file names). An optional top-level
"env" applies to every portal. Each portal reports to B24_REPORTS_DIR/<name>/ (default reports/),
the fleet to fleet.json, fleet.xml and fleet.html there. See README.md, Fleets.

  --jobs N          portals run at once (default 2); each has its own pacing, ledger and cleanup
  --shard i/n       run only the portals of shard i of n (a portal's shard depends on its name
                    alone); merge the shards' folders with npm run fleet:merge -- DIR...
  --timeout S       stop a portal's run after S seconds (default 1800); it still cleans up
  --janitor         instead of running the suite, run npm run janitor for every portal, on the
                    ledgers in B24_REPORTS_DIR/<name>/`;


interface Args {
  help: boolean;
  file?: string;
  jobs: number;
  shard?: Shard;
  timeoutS: number;
  janitor: boolean;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { help: false, jobs: 2, timeoutS: 1800, janitor: false };
  const whole = (flag: string, value: string | undefined): number => {
    if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} needs a whole number of at least 1`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') out.help = true;
    else if (flag === '--jobs') out.jobs = whole('--jobs', value());
    else if (flag === '--timeout') out.timeoutS = whole('--timeout', value());
    else if (flag === '--janitor') out.janitor = true;
    else if (flag === '--shard') {
      const text = value();
      const shard = text === undefined ? undefined : parseShard(text);
      if (!shard) throw new UsageError(`--shard needs i/n with 1 <= i <= n, such as 1/3 (got ${text === undefined ? 'nothing' : JSON.stringify(text.slice(0, 20))})`);
      out.shard = shard;
    } else if (flag.startsWith('-')) throw new UsageError(`unknown argument ${arg}`);
    else if (out.file === undefined) out.file = arg;
    else throw new UsageError(`one fleet file only (got ${out.file} and ${arg})`);
  }
  return out;
}

function reportsFolder(): string {
  const dir = resolve(process.env.B24_REPORTS_DIR?.trim() || join(repoRoot, 'reports'));
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new ConfigError([`the reports folder ${dir} cannot be created or written (${(error as NodeJS.ErrnoException).code ?? String(error)}); set B24_REPORTS_DIR to a writable folder`]);
  }
  return dir;
}

const print = (line: string) => process.stdout.write(`${maskSecrets(line)}\n`);

/** npm run janitor for each portal, one after another, on its own folder's ledgers. */
async function janitors(portals: FleetPortal[], reportsDir: string): Promise<number> {
  let worst = 0;
  for (const portal of portals) {
    if (portal.env.B24_TARGET?.trim() && portal.env.B24_TARGET.trim() !== 'live') {
      print(`janitor ${portal.name}: the ${portal.env.B24_TARGET.trim()} target leaves nothing behind; skipped`);
      continue;
    }
    const result = await runScript('janitor', ['--reports-dir', join(reportsDir, portal.name)], { ...portal.env }).done;
    const code = result.code ?? 1;
    worst = Math.max(worst, code);
    for (const line of `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim() !== '')) print(`janitor ${portal.name}: ${line.replace(/^janitor: /, '')}`);
    print(`janitor ${portal.name}: exit ${code}`);
  }
  return worst;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.file === undefined) throw new UsageError('name the fleet file');
  // Every portal's variables are checked here, before any request.
  const fleet = loadFleetFile(resolve(args.file), process.env);
  const shard = args.shard ?? { index: 1, count: 1 };
  const portals = selectShard(fleet.portals, shard);
  const reportsDir = reportsFolder();
  if (args.janitor) return janitors(portals, reportsDir);

  const slice = shard.count > 1 ? `, shard ${shard.index}/${shard.count}: ${portals.length} of ${fleet.portals.length}` : '';
  print(`fleet: ${fleet.portals.length} portal(s)${slice}, ${Math.min(args.jobs, Math.max(1, portals.length))} at a time; reports in ${reportsDir}`);

  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!interrupt.signal.aborted) {
      print(`fleet: ${signal}: the portals under way finish their cases and delete their polls; the rest do not start`);
      interrupt.abort(signal);
      return;
    }
    process.stderr.write(`fleet: ${signal} again, stopping now; the portals' own runs still clean up, and npm run fleet -- FILE --janitor deletes any polls left\n`);
    process.exit(EXIT_ON_SIGNAL[signal] ?? 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const results = await runFleet({
    portals,
    launch: (vars) => runScript('conformance', [], vars),
    reportsDir,
    jobs: args.jobs,
    timeoutMs: args.timeoutS * 1000,
    signal: interrupt.signal,
    onFinish: (result, done) => print(progressLine(result, done, portals.length)),
  });
  const report = buildFleetReport({ portals: results, shards: [shard], fleet: { digest: fleet.digest, portals: fleet.portals.length } });
  const files = writeFleetReports(report, reportsDir);
  print('');
  print(renderFleetSummary(report, files));
  if (interrupt.signal.aborted) return EXIT_ON_SIGNAL[interrupt.signal.reason as string] ?? 1;
  return fleetExitCode(report);
}

const EXIT_ON_SIGNAL: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => exitOnError('fleet', error, USAGE),
);
