/**
 * npm test: the project's own checks, one step after another, each in a clean environment. Any
 * B24_* variable in the caller's shell (a live portal exported for `npm run conformance`, a
 * reports or fixtures folder, an adapter) is removed first: `npm test` only ever talks to the
 * embedded reference portal or to the committed recordings, and never to a real portal.
 */
import { spawnSync } from 'node:child_process';
import { childEnv } from './child-run';

interface Step {
  title: string;
  command: string[];
  env?: Record<string, string>;
}

const STEPS: Step[] = [
  { title: 'types and generated code', command: ['npm', 'run', '-s', 'check'] },
  { title: 'unit and end-to-end tests', command: ['npx', 'vitest', 'run'] },
  { title: 'the suite against the reference portal (undici)', command: ['npm', 'run', '-s', 'conformance'], env: { B24_TARGET: 'reference', B24_REQUIRE_FULL: '1' } },
  { title: 'the HTML report in headless Chromium', command: ['npm', 'run', '-s', 'report:check'] },
  // The reference portal provides every identity, so B24_REQUIRE_FULL=1: one skipped case fails the step.
  { title: 'the suite through the official SDK', command: ['npm', 'run', '-s', 'conformance'], env: { B24_TARGET: 'reference', B24_TRANSPORT: 'b24jssdk', B24_REQUIRE_FULL: '1' } },
  ...['post-json', 'post-form', 'get-query'].map((name): Step => ({
    title: `the suite through the example adapter examples/adapters/${name}.ts`,
    command: ['npm', 'run', '-s', 'conformance'],
    env: { B24_TARGET: 'reference', B24_TRANSPORT: `./examples/adapters/${name}.ts`, B24_REQUIRE_FULL: '1' },
  })),
  { title: 'the suite offline against fixtures/', command: ['npm', 'run', '-s', 'conformance'], env: { B24_TARGET: 'replay' } },
  { title: 'detection power: faults and faithful variants', command: ['npm', 'run', '-s', 'mutants'] },
];

/** Which browser renders the report says nothing about the target: it is the one B24_* kept. */
const KEPT = new Set(['B24_CHROMIUM_PATH']);

function main(): number {
  const dropped = Object.keys(process.env).filter((k) => k.startsWith('B24_') && !KEPT.has(k)).sort();
  if (dropped.length > 0) process.stdout.write(`npm test ignores ${dropped.join(', ')}: it runs against the embedded portal and the committed recordings only\n`);
  for (const [i, step] of STEPS.entries()) {
    process.stdout.write(`\n== ${i + 1}/${STEPS.length} ${step.title}: ${step.command.join(' ')}\n`);
    const [cmd, ...args] = step.command;
    const result = spawnSync(cmd!, args, { stdio: 'inherit', env: childEnv({ B24_CHROMIUM_PATH: process.env.B24_CHROMIUM_PATH, ...step.env }) });
    const code = result.status ?? 1;
    if (code !== 0) {
      process.stderr.write(`\nnpm test: step ${i + 1} (${step.title}) failed with exit code ${code}\n`);
      return code;
    }
  }
  process.stdout.write(`\nnpm test: all ${STEPS.length} steps passed\n`);
  return 0;
}

process.exit(main());
