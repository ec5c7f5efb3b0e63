/**
 * The suite's view of the world, built once per worker from the environment the runner sets:
 * the target (reference, live or replay), the transport, and the sinks for exchanges and the
 * ledger of created polls. Specs reach a target only through what this returns.
 */
import type { Transport } from '../../src/client/types';
import type { Target } from '../../src/targets/types';
import { openTarget } from '../../src/targets/open';
import { createTransport } from '../../src/client/select';
import { loadClientSettings } from '../../src/targets/env';
import { RUN_ID_VAR, RunFiles } from '../../src/run-files';
import { currentPurpose, currentTestKey } from './current-case';

export interface SuiteContext {
  target: Target;
  transport: Transport;
  files: RunFiles;
  /** Short ID of this run, marked in every poll the run creates. */
  runId: string;
}

let current: { runId: string | undefined; context: Promise<SuiteContext> } | undefined;

/** One context per run: a worker that outlives a run (vitest without isolation) builds a new one. */
export function suiteContext(): Promise<SuiteContext> {
  const runId = process.env[RUN_ID_VAR];
  if (!current || current.runId !== runId) current = { runId, context: build() };
  return current.context;
}

async function build(): Promise<SuiteContext> {
  const files = RunFiles.fromEnv(process.env);
  const target = await openTarget(process.env, { currentTest: currentTestKey });
  const transport = await createTransport(
    process.env,
    target,
    loadClientSettings(process.env),
    (exchange) => files.appendExchange(exchange, currentTestKey(), currentPurpose()),
    (line) => files.appendTransportLog(line),
  );
  return { target, transport, files, runId: files.runId };
}

/** Why a case cannot run on this target: the variable that would provide what it needs. */
export function missingReason(target: Target, need: 'covoter' | 'outsider' | 'oauth'): string | undefined {
  const present = need === 'oauth' ? Boolean(target.participant.oauthToken) : Boolean(target[need]);
  if (present) return undefined;
  const variable = target.missing[need] ?? need;
  return `needs ${variable}, which is not set`;
}
