/**
 * npm run record: runs the suite against the current target (the reference portal by default, a
 * live portal when B24_WEBHOOK_URL is set) and writes one fixture file per spec file into
 * fixtures/ (or B24_FIXTURES_DIR), redacted and normalised. Exit code as for conformance.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot, runConformance } from '../src/runner/run';
import { loadRunSettings } from '../src/targets/env';
import { assertWritableFixtureDir, parseFixture, writeFixtureDir } from '../src/recordings/format';
import { buildFixtures, portalFactsOfEnv, secretsOfEnv } from '../src/recordings/record';
import { exitOnError } from './cli';
import { ConfigError, FixtureFormatError, UsageError } from '../src/errors';
import { fixturesDir } from '../src/recordings/replay-env';

const USAGE = `usage: npm run record [-- --date YYYY-MM-DD]

Runs the conformance suite against the current target (the reference portal, or the live portal
that B24_WEBHOOK_URL names) and writes its exchanges, redacted and normalised, to fixtures/ (or
the folder B24_FIXTURES_DIR names): one file per spec file.

  --date YYYY-MM-DD   the day stamped in each file's header (default: today, UTC); pin it to
                      compare two recordings byte for byte`;

function parseArgs(argv: string[]): { help: boolean; date: string } {
  let date = new Date().toISOString().slice(0, 10);
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--date' || arg.startsWith('--date=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value || !/^\d{4}-\d\d-\d\d$/.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError('--date needs a day as YYYY-MM-DD');
      date = value;
    } else throw new UsageError(`unknown argument ${arg}`);
  }
  return { help, date };
}

/** Fixture files in `dir` this recording did not write (a spec file renamed or removed). */
function staleFixtures(dir: string, written: Set<string>): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !written.has(name))
    .filter((name) => {
      try {
        parseFixture(readFileSync(join(dir, name), 'utf8'), name);
        return true;
      } catch {
        return false;
      }
    });
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // The environment is read here, once; the run and its workers get what was read.
  const settings = loadRunSettings(process.env);
  if (settings.kind === 'replay') throw new ConfigError(['B24_TARGET=replay cannot be recorded: record the reference portal or a live one']);
  const dir = fixturesDir(process.env, repoRoot);
  try {
    assertWritableFixtureDir(dir);
  } catch (error) {
    if (error instanceof FixtureFormatError) throw new ConfigError([error.message]);
    throw error;
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const outcome = await runConformance({
    env: process.env,
    settings,
    reportsDir: settings.reportsDir,
    print,
    afterRun(run) {
      const files = buildFixtures(run.exchanges, {
        kind: run.kind,
        transport: run.transport,
        recordedOn: args.date,
        redaction: { origin: run.origin, secrets: secretsOfEnv(run.targetEnv) },
        portal: portalFactsOfEnv(run.targetEnv),
      });
      const written = writeFixtureDir(dir, files);
      for (const stale of staleFixtures(dir, new Set(files.keys()))) {
        rmSync(join(dir, stale));
        print(`Removed ${relative(process.cwd(), join(dir, stale)) || stale}: no spec file records into it any more`);
      }
      const count = [...files.values()].reduce((n, f) => n + Object.values(f.entries).reduce((m, e) => m + e.length, 0), 0);
      print(`Recorded ${count} exchange(s) from the ${run.kind} target into ${written.length} file(s) in ${dir}`);
    },
  });
  if (outcome.exitCode !== 0) print('Note: the suite failed on this target; the recordings show what it answered.');
  return outcome.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => exitOnError('record', error, USAGE),
);
