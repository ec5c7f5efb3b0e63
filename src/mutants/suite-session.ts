/**
 * One vitest instance reused for many conformance runs. Starting vitest and its vite server is
 * most of a run's cost; a session pays it once. Each run sets the worker environment on the
 * resolved config (vitest reads it afresh for every run and every worker it spawns) and sends
 * the reporter events to that run's own reporter. Runs in one session go one after another.
 *
 * The worker is not isolated: it keeps its imported modules (the validators, the client) from
 * file to file and run to run, which makes a run several times faster. What must not carry over
 * is keyed by run: specs/support/context.ts builds a new suite context when B24_RUN_ID changes.
 */
import { createVitest, type Reporter, type TestSpecification, type Vitest } from 'vitest/node';
import { CONFORMANCE_CONFIG, repoRoot, type SpecRunner } from '../runner/run';

type Forwarded = Required<Pick<Reporter, 'onTestModuleCollected' | 'onTestCaseResult' | 'onTestModuleEnd' | 'onTestRunEnd'>>;

/** Sends each event to whichever reporters the current run set. */
class SwitchingReporter implements Forwarded {
  current: Reporter[] = [];
  onTestModuleCollected: Forwarded['onTestModuleCollected'] = (...args) => { for (const r of this.current) r.onTestModuleCollected?.(...args); };
  onTestCaseResult: Forwarded['onTestCaseResult'] = (...args) => { for (const r of this.current) r.onTestCaseResult?.(...args); };
  onTestModuleEnd: Forwarded['onTestModuleEnd'] = (...args) => { for (const r of this.current) r.onTestModuleEnd?.(...args); };
  onTestRunEnd: Forwarded['onTestRunEnd'] = (...args) => { for (const r of this.current) r.onTestRunEnd?.(...args); };
}

export interface SuiteSession extends SpecRunner {
  close(): Promise<void>;
}

export async function openSuiteSession(): Promise<SuiteSession> {
  const switching = new SwitchingReporter();
  const vitest: Vitest = await createVitest('test', {
    root: repoRoot,
    config: CONFORMANCE_CONFIG,
    watch: false,
    isolate: false,
    reporters: [switching],
  });
  let specs: TestSpecification[] | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const runOnce = async (workerEnv: Record<string, string>, reporters: Reporter[]): Promise<void> => {
    specs ??= await vitest.globTestSpecifications();
    if (specs.length === 0) throw new Error('no conformance spec files found (specs/**/*.spec.ts)');
    vitest.config.env = { ...workerEnv };
    for (const project of vitest.projects) project.config.env = { ...workerEnv };
    switching.current = reporters;
    try {
      await vitest.runTestSpecifications(specs, true);
    } finally {
      switching.current = [];
    }
  };
  return {
    run(workerEnv, reporters) {
      const next = queue.then(() => runOnce(workerEnv, reporters));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
      await vitest.close();
    },
  };
}
