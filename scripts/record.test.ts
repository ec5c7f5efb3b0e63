import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startPortal } from '../src/portal/index';
import { childEnv } from './child-run';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const COMMITTED = join(ROOT, 'fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'b24-record-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A child's environment: none of the caller's B24_* variables, nor its NODE_OPTIONS (vitest's). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return childEnv({ NODE_OPTIONS: undefined, ...extra });
}

/** Runs a script to the end (asynchronously, so a portal in this process keeps answering). */
function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

function committedDate(): string {
  const first = readdirSync(COMMITTED).find((name) => name.endsWith('.json'))!;
  return (JSON.parse(readFileSync(join(COMMITTED, first), 'utf8')) as { header: { recordedOn: string } }).header.recordedOn;
}

describe('npm run record', () => {
  it('re-recording the reference portal reproduces the committed fixtures byte for byte (drift check)', async () => {
    const dir = join(scratch, 'rerecorded');
    const result = await run('scripts/record.ts', ['--date', committedDate()], cleanEnv({ B24_FIXTURES_DIR: dir, B24_REPORTS_DIR: join(scratch, 'reports-drift') }));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const names = readdirSync(dir).sort();
    expect(names).toEqual(readdirSync(COMMITTED).filter((n) => n.endsWith('.json')).sort());
    for (const name of names) {
      const header = (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { header: { target: { kind: string } } }).header;
      expect(header.target.kind).toBe('reference');
      // On drift: look at `git diff --no-index fixtures <dir>`; re-record with `npm run record` if the change is intended.
      expect(readFileSync(join(dir, name), 'utf8'), `${name} drifted from the committed recording`).toBe(readFileSync(join(COMMITTED, name), 'utf8'));
    }
  }, 120_000);

  it('records a standalone portal with known secrets without writing any of them, and the recording replays', async () => {
    const secrets = {
      participantWebhook: 'pwebhooksecretaaaa1111',
      covoterWebhook: 'cwebhooksecretbbbb2222',
      outsiderWebhook: 'owebhooksecretcccc3333',
      participantToken: 'ptokensecretdddd4444eeee5555',
      expiredToken: 'xtokensecretffff6666gggg7777',
      signingKey: 'signingkeysecrethhhh8888iiii9999',
    };
    const portal = await startPortal({ secrets, seed: 77 });
    const dir = join(scratch, 'live-recording');
    const reports = join(scratch, 'reports-live');
    try {
      const names = [11, 12, 13].flatMap((id) => {
        const user = portal.store.user(id)!;
        return [...user.name.split(' '), user.workPosition];
      });
      // Secrets and people's names must appear nowhere; the host only in what names the target (summary, reports), never in fixtures.
      const forbidden = [...Object.values(secrets), ...names];
      const host = new URL(portal.url).host;
      const recorded = await run('scripts/record.ts', [], cleanEnv({ ...portal.env, B24_FIXTURES_DIR: dir, B24_REPORTS_DIR: reports }));
      expect(recorded.stderr).toBe('');
      expect(recorded.status).toBe(0);
      // One recording per spec file.
      expect(readdirSync(dir).length).toBe(readdirSync(join(ROOT, 'specs')).filter((name) => name.endsWith('.spec.ts')).length);

      const replayed = await run('scripts/conformance.ts', [], cleanEnv({ B24_TARGET: 'replay', B24_FIXTURES_DIR: dir, B24_REPORTS_DIR: reports }));
      expect(replayed.stderr).toBe('');
      expect(replayed.status).toBe(0);
      expect(replayed.stdout).toMatch(/0 unused, 0 request\(s\) unmatched/);

      const outputs: [string, string][] = [
        ['record stdout', recorded.stdout],
        ['record stderr', recorded.stderr],
        ['replay stdout', replayed.stdout],
        ['replay stderr', replayed.stderr],
        ...filesUnder(dir).map((path): [string, string] => [path, readFileSync(path, 'latin1')]),
        ...filesUnder(reports).map((path): [string, string] => [path, readFileSync(path, 'latin1')]),
      ];
      const leaks = outputs.flatMap(([where, text]) => forbidden.filter((secret) => text.includes(secret) || text.includes(encodeURIComponent(secret))).map((secret) => `${secret} in ${where}`));
      expect(leaks).toEqual([]);
      const fixtureText = filesUnder(dir).map((path) => readFileSync(path, 'utf8')).join('');
      expect(fixtureText).not.toContain(host);
      expect(fixtureText).not.toContain('127.0.0.1');
      expect(fixtureText).toContain('<webhook-secret>');
      expect(fixtureText).toContain('<user-name:1>');
      expect(fixtureText).toContain('"kind": "live"');
    } finally {
      await portal.close();
    }
  }, 180_000);
});
