/**
 * npm run mutants: the conformance suite against the faithful reference portal, each faithful
 * variant and each named fault. Prints which clauses caught each fault, writes
 * reports/mutants.json, and exits 1 when a fault survives or a faithful subject fails
 * (2 for a usage mistake).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Deviation } from '../src/portal/hooks';
import { catalogueSubjects, FAITHFUL_SUBJECT, mutantsExitCode, renderMutantsTable, runMutants } from '../src/mutants/run-mutants';
import { repoRoot } from '../src/runner/run';
import { UsageError } from '../src/errors';

const USAGE = `usage: npm run mutants [-- --only NAME[,NAME…]] [--jobs N] [--out FILE]

Runs the recall conformance suite against the embedded reference portal: faithful, with each
faithful variant, and with each named fault (src/portal/faults.ts). A fault is killed when a
clause fails against it; the faithful portal and the variants must fail nothing.

  --only NAMES  run only these variants/faults (the faithful portal always runs)
  --jobs N      runs at once, each in its own vitest session (default 2)
  --out FILE    where the JSON goes (default reports/mutants.json)

Exit status: 0 when every fault is killed and every faithful run passes, 1 otherwise, 2 for
a usage mistake.`;

interface Args {
  only?: string[];
  jobs: number;
  out: string;
}

function parseArgs(argv: string[]): Args | 'help' {
  const args: Args = { jobs: 2, out: join(repoRoot, 'reports', 'mutants.json') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') return 'help';
    const value = argv[i + 1];
    if (flag !== '--only' && flag !== '--jobs' && flag !== '--out') throw new UsageError(`unknown argument ${flag}`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    i++;
    if (flag === '--only') args.only = value.split(',').map((name) => name.trim()).filter(Boolean);
    if (flag === '--out') args.out = resolve(value);
    if (flag === '--jobs') {
      if (!/^[1-9]\d*$/.test(value) || Number(value) > 8) throw new UsageError(`--jobs must be a whole number from 1 to 8 (got ${JSON.stringify(value)})`);
      args.jobs = Number(value);
    }
  }
  return args;
}

export interface MutantsMainOptions {
  env?: NodeJS.ProcessEnv;
  print?: (line: string) => void;
  /** Usage mistakes; default stderr. */
  printError?: (line: string) => void;
  /** Deviations beyond the catalogue (a test's deliberately uncaught fault). */
  extra?: Deviation[];
}

export async function mutantsMain(argv: string[], options: MutantsMainOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const printError = options.printError ?? ((line: string) => process.stderr.write(`${line}\n`));
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printError(`mutants: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    print(USAGE);
    return 0;
  }
  let subjects = catalogueSubjects(options.extra);
  if (args.only) {
    const known = new Set(subjects.map((s) => s.name));
    const unknown = args.only.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      printError(`mutants: unknown fault or variant ${unknown.join(', ')} (see src/portal/faults.ts)`);
      return 2;
    }
    const only = args.only;
    subjects = subjects.filter((s) => s === FAITHFUL_SUBJECT || only.includes(s.name));
  }
  print(`Running the suite against ${subjects.length} portals (faithful, variants, faults), ${args.jobs} at a time`);
  const report = await runMutants({
    subjects,
    env: options.env ?? process.env,
    jobs: args.jobs,
    onOutcome: (o, done, total) => {
      const caught = o.failedClauses.length ? ` (${o.failedClauses.join(' ')})` : '';
      const limited = o.rateLimited ? `, ${o.rateLimited} of ${o.requests} requests answered 503 and retried` : '';
      print(`  [${done}/${total}] ${o.name}: ${o.verdict}${caught} ${(o.durationMs / 1000).toFixed(1)} s${limited}`);
    },
  });
  print('');
  print(renderMutantsTable(report));
  mkdirSync(resolve(args.out, '..'), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  print(`Report: ${args.out}`);
  return mutantsExitCode(report);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  mutantsMain(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`mutants: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
