/**
 * npm run conformance: runs the recall conformance suite against the configured target and
 * writes reports/ (JSON, junit, HTML). Exit 0 if and only if nothing failed; 2 for bad configuration or usage.
 */
import { runConformance } from '../src/runner/run';
import { ConfigError } from '../src/targets/env';

const USAGE = `usage: npm run conformance [-- --help]

Runs the vote.AttachedVote.recall conformance suite and writes reports/conformance.json,
reports/junit.xml and reports/conformance.html. The target is the embedded reference portal unless B24_WEBHOOK_URL is set
(a live portal) or B24_TARGET says otherwise (reference | live | replay). See README.md.`;

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
  const outcome = await runConformance({ env: process.env, print: (line) => process.stdout.write(`${line}\n`) });
  return outcome.exitCode;
}

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
