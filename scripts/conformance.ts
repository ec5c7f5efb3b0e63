/**
 * npm run conformance: runs the recall conformance suite against the configured target and
 * writes reports/. Exit 0 if and only if nothing failed; 2 for bad configuration or usage.
 */
import { runConformance } from '../src/runner/run';
import { ConfigError } from '../src/targets/env';

const USAGE = `usage: npm run conformance [-- --help]

Runs the vote.AttachedVote.recall conformance suite and writes reports/conformance.json and
reports/junit.xml. The target is the embedded reference portal unless B24_WEBHOOK_URL is set
(a live portal) or B24_TARGET says otherwise (reference | live | replay). B24_REPORTS_DIR
writes the reports elsewhere. On SIGINT or SIGTERM the cases under way finish, the polls the run
created are deleted, and the exit code is 130 or 143. See README.md.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.filter((a) => a.startsWith('-'));
  if (unknown.length > 0 || argv.length > 0) {
    process.stderr.write(`conformance: unknown argument ${argv[0]}\n${USAGE}\n`);
    return 2;
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
  const outcome = await runConformance({
    env: process.env,
    reportsDir: process.env.B24_REPORTS_DIR?.trim() || undefined,
    print: (line) => process.stdout.write(`${line}\n`),
    signal: interrupt.signal,
  });
  if (interrupt.signal.aborted) return EXIT_ON_SIGNAL[interrupt.signal.reason as string] ?? 1;
  return outcome.exitCode;
}

/** The shell's convention, 128 + the signal number. */
const EXIT_ON_SIGNAL: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`conformance: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  },
);
