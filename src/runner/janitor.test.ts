/**
 * The janitor's sweep, in process against the reference portal: it deletes exactly the polls a
 * ledger lists as not deleted, marks them, and names each one it could not delete. The CLI's
 * refusal to run without configuration is checked through the real command.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPortal, type RunningPortal } from '../portal';
import { ledgerRuns, readRunTarget, recordRunTarget, sweepRuns } from './janitor';
import { RunFiles } from '../run-files';
import { runScript } from '../../scripts/child-run';

let portal: RunningPortal;
let reportsDir: string;

beforeEach(async () => {
  portal = await startPortal();
  reportsDir = mkdtempSync(join(tmpdir(), 'b24-janitor-'));
});

afterEach(async () => {
  await portal.close();
  rmSync(reportsDir, { recursive: true, force: true });
});

/** Creates a poll on the portal as the participant, straight through the store; returns its message id. */
function createPoll(): number {
  const outcome = portal.store.call(portal.store.world.participantId, 'vote.Integration.Im.send', {
    chatId: portal.store.world.chatId,
    IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'Left behind?', FIELD_TYPE: 0, ANSWERS: [{ MESSAGE: 'yes' }, { MESSAGE: 'no' }] }], OPTIONS: 1 },
  });
  if (!outcome.ok) throw new Error(`setup failed: ${outcome.error.code}`);
  return Number((outcome.result as { messageId: unknown }).messageId);
}

function pollsInPortal(): number {
  return (portal.store.snapshot() as { polls: unknown[] }).polls.length;
}

function run(runId: string): RunFiles {
  const files = new RunFiles(join(reportsDir, '.run', runId), runId);
  recordRunTarget(files, { kind: 'live', origin: portal.url });
  return files;
}

describe('sweepRuns', () => {
  it('deletes the polls listed as not deleted, in every run given, and marks them', async () => {
    const first = run('aaaa0001');
    const second = run('aaaa0002');
    const kept = createPoll();
    const a = createPoll();
    const b = createPoll();
    const alreadyGone = createPoll();
    first.recordPoll({ runId: 'aaaa0001', messageId: a, createdAt: new Date().toISOString() });
    first.recordPoll({ runId: 'aaaa0001', messageId: alreadyGone, createdAt: new Date().toISOString(), deleted: true });
    second.recordPoll({ runId: 'aaaa0002', messageId: b, createdAt: new Date().toISOString() });
    const lines: string[] = [];

    const result = await sweepRuns(ledgerRuns(reportsDir), { ...portal.env, B24_RATE: '1000,100' }, (line) => lines.push(line));

    expect(result).toEqual({ deleted: 2, failed: [] });
    expect(pollsInPortal()).toBe(2); // `kept` was never listed; `alreadyGone` was marked deleted, so not touched
    expect(first.readLedger().every((entry) => entry.deleted)).toBe(true);
    expect(second.readLedger().every((entry) => entry.deleted)).toBe(true);
    expect(lines).toContain(`janitor: deleted poll message ${a} (run aaaa0001)`);
    expect(lines).toContain(`janitor: deleted poll message ${b} (run aaaa0002)`);
  });

  it('names each poll it could not delete, with the portal answer, and leaves it listed', async () => {
    const files = run('bbbb0001');
    files.recordPoll({ runId: 'bbbb0001', messageId: 424242, createdAt: new Date().toISOString() });
    const lines: string[] = [];

    const result = await sweepRuns([files], { ...portal.env, B24_RATE: '1000,100' }, (line) => lines.push(line));

    expect(result.deleted).toBe(0);
    expect(result.failed).toEqual([{ runId: 'bbbb0001', messageId: 424242, reason: 'HTTP 400 MESSAGE_ID_ERROR for message 424242' }]);
    expect(files.readLedger()[0]?.deleted).toBeUndefined();
    expect(lines.join('\n')).toContain('could not delete poll message 424242');
  });

  it('sends nothing when no ledger lists a poll', async () => {
    run('cccc0001');
    const result = await sweepRuns(ledgerRuns(reportsDir), {}, () => {});
    expect(result).toEqual({ deleted: 0, failed: [] });
    expect(portal.requestCount()).toBe(0);
  });
});

describe('the run target record', () => {
  it('reads back what was recorded, and nothing for a run without one', () => {
    const files = run('dddd0001');
    expect(readRunTarget(files)).toEqual({ kind: 'live', origin: portal.url });
    expect(readRunTarget(new RunFiles(join(reportsDir, '.run', 'dddd0002'), 'dddd0002'))).toBeUndefined();
  });
});

describe('npm run janitor', () => {
  it('without configuration exits 2 naming the missing variables, and touches nothing', async () => {
    const files = run('eeee0001');
    files.recordPoll({ runId: 'eeee0001', messageId: createPoll(), createdAt: new Date().toISOString() });
    const result = await runScript('janitor', [], { B24_REPORTS_DIR: reportsDir }).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('B24_WEBHOOK_URL is required');
    expect(result.stderr).toContain('B24_CHAT_ID is required');
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(pollsInPortal()).toBe(1);
  });

  it('leaves alone ledgers of the embedded portal and ledgers that record no portal', async () => {
    const embedded = new RunFiles(join(reportsDir, '.run', 'ffff0001'), 'ffff0001');
    recordRunTarget(embedded, { kind: 'reference', origin: portal.url });
    embedded.recordPoll({ runId: 'ffff0001', messageId: createPoll(), createdAt: new Date().toISOString() });
    const unrecorded = new RunFiles(join(reportsDir, '.run', 'ffff0002'), 'ffff0002');
    unrecorded.recordPoll({ runId: 'ffff0002', messageId: createPoll(), createdAt: new Date().toISOString() });

    const result = await runScript('janitor', [], { ...portal.env, B24_REPORTS_DIR: reportsDir }).done;

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('run ffff0001 used the embedded reference portal');
    expect(result.stdout).toContain('run ffff0002 lists 1 poll(s) but records no portal; left alone');
    expect(portal.requestCount()).toBe(0);
    expect(pollsInPortal()).toBe(2);
  });
});
