/**
 * Runs one of the project's command-line scripts (conformance, janitor) as a child process in its
 * own process group, the way a person or CI would, for the tests and the benchmark. The child
 * sees none of the caller's B24_* variables, only the ones given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLedgerFile, type LedgerEntry } from '../src/run-files';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, in milliseconds. */
  wallMs: number;
}

export interface ChildRun {
  child: ChildProcess;
  /** Resolves when the child has exited and its output is closed. */
  done: Promise<ChildResult>;
  /** Output so far. */
  output(): { stdout: string; stderr: string };
  /** Sends a signal to the child alone. */
  kill(signal: NodeJS.Signals): void;
  /** Sends a signal to the child's whole process group (what Ctrl-C in a terminal does). */
  killGroup(signal: NodeJS.Signals): void;
}

/** The environment without any B24_* variable of the caller's, plus `vars`; a name given as undefined is removed. */
export function childEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('B24_')) env[name] = value;
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Starts `scripts/<script>.ts` under tsx, as `npm run <script>` would. */
export function runScript(script: 'conformance' | 'janitor' | 'bench' | 'fleet' | 'fleet-merge', args: string[], vars: Record<string, string | undefined>): ChildRun {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts', `${script}.ts`), ...args], {
    cwd: repoRoot,
    env: childEnv(vars),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, wallMs: performance.now() - started }));
  });
  return {
    child,
    done,
    output: () => ({ stdout, stderr }),
    kill: (signal) => void child.kill(signal),
    killGroup: (signal) => {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    },
  };
}

/** Every ledger entry under `<reportsDir>/.run/`, with its run ID. */
export function ledgerEntries(reportsDir: string): LedgerEntry[] {
  const root = join(reportsDir, '.run');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((runId) => {
    try {
      return readLedgerFile(join(root, runId, 'ledger.json'));
    } catch {
      return []; // caught mid-write; the next look will read it whole
    }
  });
}

/** Polls `check` until it gives a value, for a test that waits on a child process's files. */
export async function waitFor<T>(what: string, limitMs: number, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
