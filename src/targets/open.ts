/**
 * Opens the target inside a vitest worker, from the environment the runner prepared.
 * Reference and live targets are both described by the live variables (the reference portal
 * prints them); replay targets answer from recordings.
 */
import type { Target } from './types';
import { TARGET_KIND_VAR, type TargetKind, type TestKey } from '../run-files';
import { loadLiveConfig } from './env';
import { createLiveTarget } from './live';
import { createReplayTarget } from './replay';

export interface OpenTargetOptions {
  /** The running case, which replay matches recordings by. */
  currentTest?: () => TestKey;
}

export async function openTarget(env: NodeJS.ProcessEnv, options: OpenTargetOptions = {}): Promise<Target> {
  const kind = (env[TARGET_KIND_VAR] ?? 'live') as TargetKind;
  if (kind === 'replay') {
    const currentTest = options.currentTest;
    if (!currentTest) throw new Error('a replay target needs to know the running test (openTarget options.currentTest)');
    return createReplayTarget(env, { currentTest });
  }
  return createLiveTarget(loadLiveConfig(env), { kind });
}
