import { afterAll, beforeAll, expect, test } from 'vitest';
import { startPortal, type RunningPortal } from '../src/portal';
import { runConformance } from '../src/runner/run';
import { createTransport } from './https-json-adapter';

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

test('the whole suite passes through my client', async () => {
  const { exitCode, report } = await runConformance({
    env: { ...process.env, B24_TRANSPORT: './examples/https-json-adapter.ts' },
    writeFiles: false,
  });
  expect(report.errors).toEqual([]);
  expect(exitCode).toBe(0);
}, 120_000);
