import { afterAll, beforeAll, expect, test } from 'vitest';
import { startPortal, type RunningPortal } from '../src/portal';
import { runConformance } from '../src/runner/run';
import { createTransport } from './adapters/post-json';

let portal: RunningPortal;
beforeAll(async () => {
  portal = await startPortal({ https: true });
});
afterAll(() => portal.close());

test('a refusal reaches my client intact, in one request', async () => {
  const transport = await createTransport({ ca: portal.ca, timeoutMs: 5000, onLog: () => {} });
  const participant = { role: 'participant' as const, webhookUrl: portal.env.B24_WEBHOOK_URL };

  const exchange = await transport.send({
    method: 'vote.AttachedVote.recall', params: { attachId: 999_999 }, auth: 'webhook', encoding: 'json', as: participant,
  });

  expect(exchange.response?.status).toBe(400);
  expect(exchange.response?.json).toMatchObject({ error: 'ATTACH_NOT_FOUND' });
  expect(portal.requestCount()).toBe(transport.requestCount());
  await transport.close();
});

test('the call-style cases pass through my client, every one judged', async () => {
  const { exitCode, report } = await runConformance({
    env: { ...process.env, B24_TRANSPORT: './examples/adapters/post-json.ts' },
    specs: ['recall.call-styles'], // one spec file keeps it short; drop it to run the whole suite
    writeFiles: false,
    requireFull: true, // as B24_REQUIRE_FULL=1: a skipped case fails
  });
  expect(report.summary.skipped).toBe(0);
  expect(report.errors).toEqual([]);
  expect(exitCode).toBe(0);
}, 120_000);
