/**
 * Deletes polls a run created and did not delete (a crash, an interrupt, a failed cleanup),
 * from the ledgers under reports/.run/. Only polls listed in a ledger are ever touched.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunFiles, type LedgerEntry } from '../run-files';
import { loadLiveConfig } from '../targets/env';
import { createLiveTarget } from '../targets/live';
import { createUndiciTransport } from '../client/undici-transport';
import { LeakyBucketPacer } from '../client/pacer';
import type { Exchange } from '../client/types';

export interface SweepResult {
  /** Polls whose message the portal deleted (or had already deleted). */
  deleted: number;
  /** Polls still listed as not deleted, each with the reason. */
  failed: { runId: string; messageId: number; reason: string }[];
}

/** Which portal a run's ledger refers to; message IDs mean nothing on any other. */
export interface RunTarget {
  kind: string;
  origin: string;
}

const TARGET_FILE = 'target.json';

/** Written by the runner before any poll exists, so the janitor knows where the ledger's IDs live. */
export function recordRunTarget(files: RunFiles, target: RunTarget): void {
  writeFileSync(join(files.dir, TARGET_FILE), `${JSON.stringify({ kind: target.kind, origin: target.origin })}\n`);
}

export function readRunTarget(files: RunFiles): RunTarget | undefined {
  const file = join(files.dir, TARGET_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunTarget>;
    return typeof parsed.kind === 'string' && typeof parsed.origin === 'string' ? { kind: parsed.kind, origin: parsed.origin } : undefined;
  } catch {
    return undefined;
  }
}

/** Sweeps one run's ledger; its requests go to that run's exchange log, so the run's count includes them. */
export async function sweepLedger(files: RunFiles, env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const result = await sweepRuns([files], env, print, (exchange) => files.appendExchange(exchange, undefined, 'cleanup'));
  return result.deleted;
}

/** The run folders under `<reportsDir>/.run/` that hold a ledger, oldest name first. */
export function ledgerRuns(reportsDir: string): RunFiles[] {
  const root = join(reportsDir, '.run');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'ledger.json')))
    .map((entry) => new RunFiles(join(root, entry.name), entry.name))
    .sort((a, b) => a.runId.localeCompare(b.runId));
}

/**
 * Deletes every poll the given ledgers list as not deleted, on the portal `env` names (the live
 * variables; a ConfigError when they are missing or wrong), and marks each one deleted.
 */
export async function sweepRuns(
  runs: RunFiles[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
  onExchange?: (exchange: Exchange) => void,
): Promise<SweepResult> {
  const pending = runs.flatMap((files) => files.readLedger().filter((e) => !e.deleted).map((entry) => ({ files, entry })));
  const result: SweepResult = { deleted: 0, failed: [] };
  if (pending.length === 0) return result;
  const config = loadLiveConfig(env);
  const target = createLiveTarget(config);
  // Whatever ran before (the run itself, another integration) may have filled the portal's
  // bucket: start as if it were full, and go at the drain rate.
  const pacer = new LeakyBucketPacer(config.rate);
  pacer.noteThrottled();
  const transport = createUndiciTransport({ ca: target.ca, timeoutMs: config.timeoutMs, pacer, onExchange });
  try {
    for (const { files, entry } of pending) {
      const exchange = await transport.send({ method: 'im.message.delete', params: { MESSAGE_ID: entry.messageId }, auth: 'webhook', encoding: 'json', as: target.participant });
      const reason = failureOf(exchange, entry);
      if (reason === undefined) {
        files.markDeleted(entry.messageId);
        result.deleted += 1;
        print(`janitor: deleted poll message ${entry.messageId} (run ${files.runId})`);
      } else {
        result.failed.push({ runId: files.runId, messageId: entry.messageId, reason });
        print(`janitor: could not delete poll message ${entry.messageId} (run ${files.runId}): ${reason}`);
      }
    }
  } finally {
    await transport.close();
  }
  print(`janitor: deleted ${result.deleted} poll(s) left behind${result.failed.length > 0 ? `, ${result.failed.length} could not be deleted` : ''}`);
  return result;
}

/** Undefined when the portal confirmed the delete; otherwise what it answered. */
function failureOf(exchange: Exchange, entry: LedgerEntry): string | undefined {
  const response = exchange.response;
  if (!response) return exchange.error ?? 'no answer';
  if (response.status === 200) return undefined;
  const code = (response.json as { error?: unknown } | undefined)?.error;
  return `HTTP ${response.status}${typeof code === 'string' ? ` ${code}` : ''} for message ${entry.messageId}`;
}
