/**
 * Opens the target inside a vitest worker, from the environment the runner prepared.
 * Reference and live targets are both described by the live variables (the reference portal
 * prints them); replay targets answer from recordings.
 */
import type { Target, TargetKind } from './types';
import { loadLiveConfig } from './env';
import { createLiveTarget } from './live';

export const TARGET_KIND_VAR = 'B24_RUN_KIND';

export async function openTarget(env: NodeJS.ProcessEnv): Promise<Target> {
  const kind = (env[TARGET_KIND_VAR] ?? 'live') as TargetKind;
  return createLiveTarget(loadLiveConfig(env), { kind });
}
