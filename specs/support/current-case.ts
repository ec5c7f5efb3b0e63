/**
 * Which case is running, for the exchange log: every exchange is tagged with its spec file and
 * its key, `<spec file> <clause id> [<call style>]`, or the shared scenario's own key while one
 * runs. That is how recordings are keyed and replayed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { basename } from 'node:path';
import { expect } from 'vitest';
import type { RequestPurpose, TestKey } from '../../src/run-files';

/** Exchanges made outside any case (the cleanup after a file's last case). */
export const OUTSIDE_CASES = '(after the cases)';

let current: { clause: string; callStyle: string } | undefined;
let scenarioName: string | undefined;

export function beginCase(clause: string, callStyle: string): void {
  current = { clause, callStyle };
}

export function endCase(): void {
  current = undefined;
}

/**
 * Runs a scenario shared by several cases with its exchanges filed under its own key, whichever
 * case happens to start it. The cases of a file run one after another, so one name at a time holds.
 */
export async function inScenario<T>(name: string, run: () => Promise<T>): Promise<T> {
  const outer = scenarioName;
  scenarioName = name;
  try {
    return await run();
  } finally {
    scenarioName = outer;
  }
}

const sendingCase = new AsyncLocalStorage<{ clause: string; callStyle: string }>();

/**
 * Sends on behalf of one case while another runs: a group of refusals is sent together by the
 * first of its cases, and each refused call is still logged, recorded and replayed under the key
 * of the case it belongs to.
 */
export function sendingAsCase<T>(clause: string, callStyle: string, send: () => Promise<T>): Promise<T> {
  return sendingCase.run({ clause, callStyle }, send);
}

export function currentTestKey(): TestKey {
  const state = expect.getState();
  const file = basename(state.testPath ?? 'unknown');
  const as = sendingCase.getStore();
  if (as !== undefined) return { file, name: `${file} ${as.clause} [${as.callStyle}]`, clause: as.clause, callStyle: as.callStyle };
  if (scenarioName !== undefined) return { file, name: `${file} scenario ${scenarioName}`, scenario: scenarioName };
  if (current === undefined) return { file, name: `${file} ${OUTSIDE_CASES}` };
  return { file, name: `${file} ${current.clause} [${current.callStyle}]`, clause: current.clause, callStyle: current.callStyle };
}

const purpose = new AsyncLocalStorage<RequestPurpose>();

/**
 * Why the request being sent is sent, for the request budget. The Api wraps each send in it, and
 * the exchange sink, called from inside the transport's send, tags the exchange with it, so a
 * transport never has to carry it. Held per async context, so two requests sent at once (the
 * race clause) each keep their own.
 */
export function sendingFor<T>(why: RequestPurpose, send: () => Promise<T>): Promise<T> {
  return purpose.run(why, send);
}

export function currentPurpose(): RequestPurpose | undefined {
  return purpose.getStore();
}
