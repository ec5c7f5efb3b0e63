/**
 * The files one conformance run shares between the runner (main process) and the vitest
 * workers: the exchange log, the observation log and the ledger of polls the run created.
 * Everything written here has been masked; the ledger holds only IDs.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange } from './client/types';
import { maskDeep, maskSecrets } from './client/secrets';
import { LedgerError } from './errors';

export const RUN_DIR_VAR = 'B24_RUN_DIR';
export const RUN_ID_VAR = 'B24_RUN_ID';
/** Which kind of target the workers open. */
export const TARGET_KIND_VAR = 'B24_RUN_KIND';

export type TargetKind = 'reference' | 'live' | 'replay';

/**
 * What an exchange belongs to: the spec file's name, and the key its recording is filed under,
 * `<spec file> <clause id> [<call style>]` for a case, `<spec file> scenario <name>` for a
 * scenario its cases share. The clause, call style and scenario are fields too, never parsed back
 * out of `name`.
 */
export interface TestKey {
  file: string;
  name: string;
  clause?: string;
  callStyle?: string;
  scenario?: string;
}

/**
 * Why the suite sent a request, for the request budget in the report: a setup call (create,
 * vote, stop), the call a case judges, a read before or after it, an extra read or call spent
 * only to name which of a group of refusals changed a poll, or cleanup. Carried by the suite's
 * side (the Api in specs/support, the janitor), never by a transport.
 */
export type RequestPurpose = 'setup' | 'judged' | 'read' | 'bisection' | 'cleanup';
export const REQUEST_PURPOSES: readonly RequestPurpose[] = ['setup', 'judged', 'read', 'bisection', 'cleanup'];

/** An exchange as the run's log holds it: masked, and tagged with the case that made it and why. */
export interface LoggedExchange extends Exchange {
  test?: TestKey;
  purpose?: RequestPurpose;
}

/** A poll the run created and must delete: enough to call im.message.delete. */
export interface LedgerEntry {
  runId: string;
  messageId: number;
  attachId?: number;
  createdAt: string;
  deleted?: boolean;
}

export class RunFiles {
  constructor(readonly dir: string, readonly runId: string) {
    mkdirSync(dir, { recursive: true });
  }

  static fromEnv(env: NodeJS.ProcessEnv): RunFiles {
    const dir = env[RUN_DIR_VAR];
    const runId = env[RUN_ID_VAR];
    if (!dir || !runId) {
      throw new Error(`${RUN_DIR_VAR} and ${RUN_ID_VAR} are set by the runner: start the suite with \`npm run conformance\`.`);
    }
    return new RunFiles(dir, runId);
  }

  get exchangesFile(): string {
    return join(this.dir, 'exchanges.jsonl');
  }

  get ledgerFile(): string {
    return join(this.dir, 'ledger.json');
  }

  /** What an SDK or adapter logged instead of printing it: one line each, masked. */
  get transportLogFile(): string {
    return join(this.dir, 'transport.log');
  }

  appendTransportLog(line: string): void {
    appendFileSync(this.transportLogFile, `${maskSecrets(line).replace(/\n/g, '\n  ')}\n`);
  }

  appendExchange(exchange: Exchange, test?: TestKey, purpose?: RequestPurpose): void {
    const masked = maskDeep(exchange);
    // maskDeep hides every `auth` key; the request's auth is the style (webhook or oauth), never a secret.
    masked.request.auth = exchange.request.auth;
    const logged: LoggedExchange = { ...masked, ...(test ? { test } : {}), ...(purpose ? { purpose } : {}) };
    appendFileSync(this.exchangesFile, `${JSON.stringify(logged)}\n`);
  }

  readExchanges(): LoggedExchange[] {
    if (!existsSync(this.exchangesFile)) return [];
    return readFileSync(this.exchangesFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LoggedExchange);
  }

  readLedger(): LedgerEntry[] {
    return readLedgerFile(this.ledgerFile);
  }

  /** Written as soon as a poll exists, so an interrupted run can still clean up. */
  recordPoll(entry: LedgerEntry): void {
    const ledger = this.readLedger();
    ledger.push(entry);
    writeLedgerFile(this.ledgerFile, ledger);
  }

  markDeleted(messageId: number): void {
    const ledger = this.readLedger().map((e) => (e.messageId === messageId ? { ...e, deleted: true } : e));
    writeLedgerFile(this.ledgerFile, ledger);
  }
}


export function readLedgerFile(file: string): LedgerEntry[] {
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LedgerError(`the ledger ${file} cannot be read (${error instanceof Error ? error.message : String(error)}); the polls it lists are message IDs in the chat: delete them by hand or repair the file`);
  }
  return Array.isArray(parsed) ? (parsed as LedgerEntry[]) : [];
}

/** Written whole or not at all, so a run killed mid-write leaves the previous ledger intact. */
function writeLedgerFile(file: string, ledger: LedgerEntry[]): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(ledger, null, 2));
  renameSync(partial, file);
}
