/**
 * The SDK chosen through select.ts, as a worker gets it: its log lines reach the sink the
 * runner gives (the run's transport.log, masked) and nothing reaches the console or stdout.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startPortal, type RunningPortal } from '../portal';
import { RunFiles } from '../run-files';
import { loadClientSettings, loadLiveConfig } from '../targets/env';
import { createLiveTarget } from '../targets/live';
import type { Target } from '../targets/types';
import { createTransport } from './select';
import { webhookSecret } from './webhook-url';
import type { Exchange, Transport } from './types';

let portal: RunningPortal;
let target: Target;
let files: RunFiles;
let dir: string;

beforeAll(async () => {
  portal = await startPortal({ https: true });
  target = createLiveTarget(loadLiveConfig({ ...portal.env }));
  dir = mkdtempSync(join(tmpdir(), 'select-'));
  files = new RunFiles(dir, 'test');
});
afterAll(async () => {
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('B24_TRANSPORT=b24jssdk through select.ts', () => {
  test('SDK log lines go to the run log, masked; nothing is printed', async () => {
    const exchanges: Exchange[] = [];
    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((level) => vi.spyOn(console, level));
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    let transport: Transport | undefined;
    try {
      transport = await createTransport(
        { ...portal.env, B24_TRANSPORT: 'b24jssdk' },
        target,
        loadClientSettings({ ...portal.env }),
        (exchange) => exchanges.push(exchange),
        (line) => files.appendTransportLog(line),
      );
      const base = { method: 'vote.AttachedVote.recall', params: { attachId: 999_999 }, encoding: 'json' as const, as: target.participant };
      await transport.send({ ...base, auth: 'webhook' });
      await transport.send({ ...base, auth: 'oauth' });
      for (const spy of [...consoleSpies, stdout, stderr]) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of [...consoleSpies, stdout, stderr]) spy.mockRestore();
      await transport?.close();
    }

    expect(exchanges.map((e) => [e.request.auth, e.response?.status])).toEqual([['webhook', 400], ['oauth', 400]]);
    const log = readFileSync(files.transportLogFile, 'utf8');
    expect(log).toContain('vote.AttachedVote.recall');
    expect(log).not.toContain(portal.env.B24_OAUTH_TOKEN);
    const secret = webhookSecret(portal.env.B24_WEBHOOK_URL);
    expect(secret).toBeTruthy();
    expect(log).not.toContain(secret);
  });
});
