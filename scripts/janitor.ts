/**
 * npm run janitor: deletes the polls that runs listed in their ledgers (reports/.run/<run>/ledger.json)
 * and did not delete, on the portal the live variables name. Nothing else is ever touched.
 * Exit 0 when every listed poll is deleted, 1 when some could not be, 2 for bad configuration.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ledgerRuns, readRunTarget, sweepRuns } from '../src/runner/janitor';
import { loadLiveConfig } from '../src/targets/env';
import type { RunFiles } from '../src/run-files';
import { exitOnError } from './cli';
import { UsageError } from '../src/errors';

const USAGE = `usage: npm run janitor [-- --reports-dir DIR]

Deletes every poll a conformance run recorded in its ledger and did not delete (after a crash,
a kill or a failed cleanup), on the portal B24_WEBHOOK_URL names, with the same variables as a
live run. Ledgers of other portals, and of the embedded reference portal, are left alone.
Reads DIR/.run/*/ledger.json; DIR is B24_REPORTS_DIR or reports/.`;

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

function parse(argv: string[]): { help: boolean; reportsDir?: string } {
  let reportsDir: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--reports-dir') {
      reportsDir = argv[++i];
      if (!reportsDir || reportsDir.startsWith('-')) throw new UsageError('--reports-dir needs a folder');
    } else {
      throw new UsageError(`unknown argument ${arg}`);
    }
  }
  return { help: false, reportsDir };
}

function pendingCount(files: RunFiles): number {
  return files.readLedger().filter((entry) => !entry.deleted).length;
}

async function main(argv: string[]): Promise<number> {
  const cli = parse(argv);
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const config = loadLiveConfig(process.env);
  const reportsDir = resolve(cli.reportsDir ?? (process.env.B24_REPORTS_DIR?.trim() || join(repoRoot, 'reports')));

  const mine: RunFiles[] = [];
  for (const files of ledgerRuns(reportsDir)) {
    const pending = pendingCount(files);
    if (pending === 0) continue;
    const target = readRunTarget(files);
    if (!target) print(`janitor: run ${files.runId} lists ${pending} poll(s) but records no portal; left alone`);
    else if (target.kind === 'reference') print(`janitor: run ${files.runId} used the embedded reference portal, which ended with it; nothing to delete`);
    else if (target.origin !== config.origin) print(`janitor: run ${files.runId} lists ${pending} poll(s) on ${target.origin}, not ${config.origin}; left alone`);
    else mine.push(files);
  }
  if (mine.length === 0) {
    print(`janitor: no ledger under ${join(reportsDir, '.run')} lists an undeleted poll on ${config.origin}; nothing to do`);
    return 0;
  }
  const result = await sweepRuns(mine, process.env, print);
  return result.failed.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => exitOnError('janitor', error, USAGE),
);
