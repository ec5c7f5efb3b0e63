/**
 * npm run conformance: runs the recall conformance suite against the configured target and
 * writes reports/ (JSON, junit, HTML). Exit 0 if and only if nothing failed (and, with
 * B24_REQUIRE_FULL=1, nothing was skipped); 2 for bad configuration or usage.
 */
import { resolve } from 'node:path';
import { runConformance, type RunOptions } from '../src/runner/run';
import { loadRunSettings } from '../src/targets/env';
import { compareRunWith } from '../src/recordings/compare-run';
import { readFixtureDir } from '../src/recordings/format';
import { exitOnError } from './cli';
import { ConfigError, FixtureFormatError, UsageError } from '../src/errors';

const USAGE = `usage: npm run conformance [-- --compare DIR] [-- --fault NAME ...] [-- --help]

Runs the vote.AttachedVote.recall conformance suite and writes reports/conformance.json,
reports/junit.xml and reports/conformance.html. The target is the embedded reference portal unless B24_WEBHOOK_URL is set
(a live portal) or B24_TARGET says otherwise (reference | live | replay).
B24_REPORTS_DIR chooses another folder for the reports. B24_REQUIRE_FULL=1 fails the run when
any case was skipped, listing each with its reason. On SIGINT or SIGTERM the cases under
way finish, the polls the run created are deleted, and the exit code is 130 or 143.
See README.md.

  --compare DIR   also compare the target's answers with the recording in DIR (written by
                  npm run record); differences go to the summary and reports/parity.json, and a
                  difference in a documented field fails the run
  --fault NAME    start the reference portal with a named fault or variant (repeatable; see
                  npm run portal -- --help)`;

function parseArgs(argv: string[]): { help: boolean; compare?: string; faults: string[] } {
  const out: { help: boolean; compare?: string; faults: string[] } = { help: false, faults: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (!v || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') out.help = true;
    else if (flag === '--compare') out.compare = resolve(value());
    else if (flag === '--fault') out.faults.push(value());
    else throw new UsageError(`unknown argument ${arg}`);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // The environment is read here, once; the run and its workers get what was read.
  const settings = loadRunSettings(process.env);
  const options: RunOptions = {
    env: process.env,
    settings,
    reportsDir: settings.reportsDir,
    print: (line) => process.stdout.write(`${line}\n`),
  };
  if (args.faults.length > 0) {
    if (settings.kind !== 'reference') throw new UsageError('--fault applies to the embedded reference portal only; for a standalone one use npm run portal -- --fault NAME');
    options.portal = { faults: args.faults };
  }
  if (args.compare) {
    const dir = args.compare;
    try {
      readFixtureDir(dir);
    } catch (error) {
      if (error instanceof FixtureFormatError) throw new ConfigError([error.message]);
      throw error;
    }
    options.afterRun = (run) => compareRunWith(dir, run).exitCode;
  }
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!interrupt.signal.aborted) {
      interrupt.abort(signal);
      return;
    }
    process.stderr.write(`conformance: ${signal} again, stopping now; \`npm run janitor\` deletes any polls left behind\n`);
    process.exit(EXIT_ON_SIGNAL[signal] ?? 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  options.signal = interrupt.signal;
  const outcome = await runConformance(options);
  if (interrupt.signal.aborted) return EXIT_ON_SIGNAL[interrupt.signal.reason as string] ?? 1;
  return outcome.exitCode;
}

/** The shell's convention, 128 + the signal number. */
const EXIT_ON_SIGNAL: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => exitOnError('conformance', error, USAGE),
);
