import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readFixtureDir } from '../recordings/format';
import { ReplaySession } from '../recordings/replay-session';
import { ReplayDispatcher } from './replay';
import { childEnv } from '../../scripts/child-run';
import { fakeSecrets, REPLAY_ORIGIN, replayEnv } from '../recordings/replay-env';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const GUARD = fileURLToPath(new URL('./no-socket-guard.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'b24-replay-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The environment of this process without any B24_* variable, so a developer's live settings do not leak in. */
/** A child's environment: none of the caller's B24_* variables, nor its NODE_OPTIONS (vitest's). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return childEnv({ NODE_OPTIONS: undefined, ...extra });
}

describe('ReplayDispatcher', () => {
  it('answers a request from the committed fixtures without connecting anything', async () => {
    const fixtures = readFixtureDir(join(ROOT, 'fixtures'));
    const file = fixtures.get('recall.repeat.json')!;
    const name = file.order[0]!;
    const first = file.entries[name]![0]!;
    const session = new ReplaySession(fixtures, { origin: REPLAY_ORIGIN, secrets: fakeSecrets() });
    const dispatcher = new ReplayDispatcher(session, () => ({ file: file.header.specFile, name }));
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    try {
      const env = replayEnv(fixtures);
      const body = JSON.stringify({ chatId: Number(env.B24_CHAT_ID), IM_MESSAGE_VOTE_DATA: (first.request.params as { IM_MESSAGE_VOTE_DATA: unknown }).IM_MESSAGE_VOTE_DATA });
      const answer = await request(`${env.B24_WEBHOOK_URL}${first.request.method}`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher });
      expect(answer.statusCode).toBe(first.response!.status);
      expect(Object.keys((await answer.body.json()) as object)).toEqual(Object.keys(first.response!.json as object));
      expect(connect).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
    }
  });
});

describe('B24_TARGET=replay', () => {
  it('the socket guard sees a TCP connection when one is made (control)', () => {
    const log = join(scratch, 'control.log');
    const run = spawnSync(process.execPath, ['--import', GUARD, '-e', "require('node:net').connect(9, '127.0.0.1').on('error', () => {})"], {
      env: cleanEnv({ B24_SOCKET_LOG: log }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(0);
    expect(readFileSync(log, 'utf8')).toContain('"target":"127.0.0.1:9"');
  });

  it('runs the suite on the committed fixtures, passes, and opens no socket in any process', () => {
    const log = join(scratch, 'replay-sockets.log');
    const reports = join(scratch, 'reports');
    const run = spawnSync(TSX, ['scripts/conformance.ts'], {
      cwd: ROOT,
      env: cleanEnv({ B24_TARGET: 'replay', B24_REPORTS_DIR: reports, B24_SOCKET_LOG: log, NODE_OPTIONS: `--import ${GUARD}` }),
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\n(\d+) passed, 0 failed, 0 skipped\n?$/);
    expect(run.stdout).toMatch(/recording\(s\) used, 0 unused, 0 request\(s\) unmatched/);
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').toBe('');
    const usage = JSON.parse(readFileSync(join(reports, 'replay.json'), 'utf8')) as { used: number; unused: unknown[]; misses: unknown[] };
    expect(usage.used).toBeGreaterThan(100);
    expect(usage.unused).toEqual([]);
  }, 120_000);

  it('reports a missing fixtures folder as a configuration error that says how to record one', () => {
    const run = spawnSync(TSX, ['scripts/conformance.ts'], {
      cwd: ROOT,
      env: cleanEnv({ B24_TARGET: 'replay', B24_FIXTURES_DIR: join(scratch, 'nothing-here'), B24_REPORTS_DIR: join(scratch, 'r2') }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no fixtures folder at');
    expect(run.stderr).toContain('npm run record');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 40_000);
});
