/**
 * Which case is running, for the exchange log: every exchange is tagged with its spec file and
 * the full test name with the call style, which is how recordings are keyed and replayed.
 */
import { basename } from 'node:path';
import { expect } from 'vitest';
import type { TestKey } from '../../src/run-files';

/** Exchanges made outside any case (the cleanup after a file's last case). */
export const OUTSIDE_CASES = '(after the cases)';

let callStyle: string | undefined;

export function beginCase(style: string): void {
  callStyle = style;
}

export function endCase(): void {
  callStyle = undefined;
}

export function currentTestKey(): TestKey {
  const state = expect.getState();
  const file = basename(state.testPath ?? 'unknown');
  if (callStyle === undefined) return { file, name: OUTSIDE_CASES };
  return { file, name: `${state.currentTestName ?? ''} [${callStyle}]` };
}
