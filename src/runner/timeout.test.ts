/**
 * A portal that accepts connections and never answers: every case that needs it fails saying so,
 * and the run still ends, with exit code 1. The 60 s bound is a liveness check (the run must not
 * hang), not a speed goal.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../report/model';
import { runScript, type ChildResult } from '../../scripts/child-run';

const TIMEOUT_MS = 300;
const LIVENESS_BOUND_MS = 60_000;

let server: Server;
const sockets = new Set<Socket>();
let connections = 0;
let reportsDir: string;
let result: ChildResult;
let exitedInTime: boolean;

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  reportsDir = mkdtempSync(join(tmpdir(), 'b24-timeout-'));
  const run = runScript('conformance', [], {
    B24_TARGET: 'live',
    B24_WEBHOOK_URL: `${origin}/rest/11/silentportalsecret/`,
    B24_COVOTER_WEBHOOK_URL: `${origin}/rest/12/silentcovotersecret/`,
    B24_CHAT_ID: '27',
    B24_TIMEOUT_MS: String(TIMEOUT_MS),
    B24_RATE: '1000,100',
    B24_REPORTS_DIR: reportsDir,
  });
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), LIVENESS_BOUND_MS)));
  const outcome = await Promise.race([run.done, bound]);
  clearTimeout(timer);
  exitedInTime = outcome !== 'late';
  if (!exitedInTime) run.killGroup('SIGKILL');
  result = await run.done;
}, LIVENESS_BOUND_MS + 10_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(reportsDir, { recursive: true, force: true });
});

describe('a live run against a portal that never answers', () => {
  it('ends on its own, with exit code 1', () => {
    expect(exitedInTime).toBe(true);
    expect(result.code).toBe(1);
    expect(connections).toBeGreaterThan(0);
  });

  it('fails the cases that needed an answer, saying that none came within the timeout', () => {
    const report = JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(report.summary.passed).toBe(0);
    expect(report.summary.failed).toBeGreaterThan(0);
    expect(result.stdout).toContain(`no answer within ${TIMEOUT_MS} ms`);
    const unanswered = report.requests.list.filter((request) => request.error !== undefined);
    expect(unanswered.length).toBe(report.requests.total);
    for (const request of unanswered) expect(request.error).toBe(`no answer within ${TIMEOUT_MS} ms`);
  });

  it('shows no stack trace and no secret', () => {
    const output = result.stdout + result.stderr;
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(output).not.toContain('silentportalsecret');
    expect(output).not.toContain('silentcovotersecret');
  });
});
