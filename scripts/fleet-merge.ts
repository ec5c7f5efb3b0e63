/**
 * npm run fleet:merge -- DIR...: merges the folders that `npm run fleet -- FILE --shard i/n`
 * wrote (one per shard, as a CI matrix leaves them) into one fleet.json, fleet.xml and
 * fleet.html in B24_REPORTS_DIR (default reports/), with each portal's folder copied beside them.
 * Exit 0 only if every portal passed; 1 otherwise; 2 when the folders do not make one whole fleet.
 */
import { join, resolve } from 'node:path';
import { mergeShards, writeFleetReports } from '../src/fleet/output';
import { fleetExitCode, renderFleetSummary } from '../src/fleet/report';
import { maskSecrets } from '../src/client/secrets';
import { exitOnError } from './cli';
import { repoRoot } from './child-run';

const USAGE = `usage: npm run fleet:merge -- DIR [DIR...]

Merges the report folders of the shards of one fleet run (each the B24_REPORTS_DIR of an
npm run fleet -- FILE --shard i/n) into B24_REPORTS_DIR (default reports/): fleet.json,
fleet.xml, fleet.html, and each portal's own folder. Every shard must be given once.`;

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.find((a) => a.startsWith('-'));
  if (unknown || argv.length === 0) {
    process.stderr.write(`fleet:merge: ${unknown ? `unknown argument ${unknown}` : 'name the shard folders'}\n${USAGE}\n`);
    return 2;
  }
  const out = resolve(process.env.B24_REPORTS_DIR?.trim() || join(repoRoot, 'reports'));
  const print = (line: string) => process.stdout.write(`${maskSecrets(line)}\n`);
  const report = mergeShards(argv, out, print);
  const files = writeFleetReports(report, out);
  print(renderFleetSummary(report, files));
  return fleetExitCode(report);
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (error) {
  exitOnError('fleet:merge', error);
}
