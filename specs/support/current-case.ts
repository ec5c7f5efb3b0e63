/**
 * Which case is running, for the exchange log: every exchange is tagged with its spec file and
 * the full test name with the call style, which is how recordings are keyed and replayed.
 */
import { basename } from 'node:path';
import { expect } from 'vitest';
import type { RequestPurpose, TestKey } from '../../src/runner/run-files';

/** Exchanges made outside any case (the cleanup after a file's last case). */
export const OUTSIDE_CASES = '(after the cases)';

let callStyle: string | undefined;
let asCaseName: string | undefined;

export function beginCase(style: string): void {
  callStyle = style;
}

export function endCase(): void {
  callStyle = undefined;
}

export function currentTestKey(): TestKey {
  const state = expect.getState();
  const file = basename(state.testPath ?? 'unknown');
  if (asCaseName !== undefined) return { file, name: asCaseName };
  if (callStyle === undefined) return { file, name: OUTSIDE_CASES };
  return { file, name: `${state.currentTestName ?? ''} [${callStyle}]` };
}

/**
 * Sends on behalf of another case of the same file (a group of refusals sent together): its
 * exchanges are logged, recorded and replayed under that case's key, so a recording still says
 * which case each request belongs to.
 */
export async function sendingAsCase<T>(key: string, send: () => Promise<T>): Promise<T> {
  asCaseName = key;
  try {
    return await send();
  } finally {
    asCaseName = undefined;
  }
}

let purpose: RequestPurpose | undefined;

/**
 * Why the request being sent is sent, for the request budget. The Api sets it around each send
 * (a worker sends one request at a time), and the exchange sink tags the exchange with it, so a
 * transport never has to carry it.
 */
export async function sendingFor<T>(why: RequestPurpose, send: () => Promise<T>): Promise<T> {
  purpose = why;
  try {
    return await send();
  } finally {
    purpose = undefined;
  }
}

export function currentPurpose(): RequestPurpose | undefined {
  return purpose;
}
