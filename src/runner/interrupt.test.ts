/**
 * A live run stopped midway still leaves no polls behind: after SIGKILL (no chance to clean up)
 * the janitor deletes what the ledger lists; after SIGINT or SIGTERM the run does it itself and
 * exits non-zero. Each portal runs in this process, so its store is the judge. The cases wait on
 * child processes, so they run side by side.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'vitest';
import { startPortal, type RunningPortal } from '../portal';
import { ledgerEntries, runScript, type ChildRun } from '../../scripts/child-run';

const SECRETS = {
  participantWebhook: 'kilcanaryparticipant7q',
  participantToken: 'kilcanarytoken5d8e2b19c4f7a063e91d2b',
  covoterWebhook: 'kilcanarycovoter3x',
  outsiderWebhook: 'kilcanaryoutsider9w',
  expiredToken: 'kilcanaryexpired0c6a4e8f2d1b937',
  signingKey: 'kilcanarysigningkey4z',
};

interface Interrupted {
  portal: RunningPortal;
  reportsDir: string;
  pollsInPortal(): number;
  /** Resolves with the run's result once it has exited. */
  run: ChildRun;
}

/**
 * Starts a live run against a fresh portal and interrupts it right after it created and recorded
 * its first poll: at the `get` that follows the first successful send, nothing else is in flight,
 * so nothing can exist unrecorded. `interrupt` is called before the portal answers that `get`.
 */
async function runInterrupted(ctx: TestContext, interrupt: (run: ChildRun) => void): Promise<Interrupted> {
  let run: ChildRun | undefined;
  let sent = false;
  let fired = false;
  const portal = await startPortal({
    secrets: SECRETS,
    observe: ({ method, status }) => {
      if (fired || !run) return;
      if (method === 'vote.Integration.Im.send' && status === 200) sent = true;
      else if (sent && method === 'vote.AttachedVote.get') {
        fired = true;
        interrupt(run);
      }
    },
  });
  const reportsDir = mkdtempSync(join(tmpdir(), 'b24-interrupt-'));
  run = runScript('conformance', [], { ...portal.env, B24_REPORTS_DIR: reportsDir, B24_RATE: '1000,100' });
  const started = run;
  ctx.onTestFinished(async () => {
    if (started.child.exitCode === null && started.child.signalCode === null) started.killGroup('SIGKILL');
    await portal.close();
    rmSync(reportsDir, { recursive: true, force: true });
  });
  return { portal, reportsDir, run, pollsInPortal: () => (portal.store.snapshot() as { polls: unknown[] }).polls.length };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile());
}

describe.concurrent('interrupting a live run', () => {
  it('with SIGKILL leaves polls; the janitor deletes all of them, and a janitor for another portal none', async (ctx) => {
    const { expect } = ctx;
    const { portal, reportsDir, run, pollsInPortal } = await runInterrupted(ctx, (r) => r.killGroup('SIGKILL'));
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    const listed = ledgerEntries(reportsDir);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((entry) => !entry.deleted)).toBe(true);
    expect(pollsInPortal()).toBe(listed.length);

    const other = await startPortal();
    try {
      const elsewhere = await runScript('janitor', [], { ...other.env, B24_REPORTS_DIR: reportsDir }).done;
      expect(elsewhere.code).toBe(0);
      expect(elsewhere.stdout).toContain(`on ${portal.url}, not ${other.url}; left alone`);
      expect(other.requestCount()).toBe(0);
    } finally {
      await other.close();
    }
    expect(pollsInPortal()).toBe(listed.length);

    const janitor = await runScript('janitor', [], { ...portal.env, B24_REPORTS_DIR: reportsDir }).done;
    expect(janitor.stderr).toBe('');
    expect(janitor.code).toBe(0);
    for (const entry of listed) expect(janitor.stdout).toContain(`deleted poll message ${entry.messageId}`);
    expect(pollsInPortal()).toBe(0);
    expect(ledgerEntries(reportsDir).every((entry) => entry.deleted)).toBe(true);

    // What the killed run left on disk, its exchange log among it, holds no secret either.
    const leftBehind = filesUnder(reportsDir).map((file) => readFileSync(file, 'utf8')).join('\n');
    expect(leftBehind).toContain('vote.Integration.Im.send');
    for (const secret of Object.values(SECRETS)) expect(leftBehind).not.toContain(secret);
  });

  it.for([
    { signal: 'SIGINT' as const, exitCode: 130, to: 'the whole process group, as Ctrl-C does' },
    { signal: 'SIGTERM' as const, exitCode: 143, to: 'the runner alone, as a CI cancel does' },
  ])('with $signal sent to $to deletes every poll it created and exits non-zero', async ({ signal, exitCode }, ctx) => {
    const { expect } = ctx;
    const { reportsDir, run, pollsInPortal } = await runInterrupted(ctx, (r) => (signal === 'SIGINT' ? r.killGroup(signal) : r.kill(signal)));
    const result = await run.done;
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
    expect(result.code).toBe(exitCode);
    expect(result.stdout).toContain('Interrupted');
    const listed = ledgerEntries(reportsDir);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((entry) => entry.deleted)).toBe(true);
    expect(pollsInPortal()).toBe(0);
    const report = JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as { errors: string[] };
    expect(report.errors.join('\n')).toContain(`interrupted (${signal})`);
  });
});
