/**
 * Whole live runs against the reference portal with a request limit: paced by the client, the
 * run never meets QUERY_LIMIT_EXCEEDED; unpaced, the same portal refuses some requests (so the
 * first check can fail). The paced run also uses known secrets, and nothing it prints or writes
 * may contain one. The limit is 50 at 10/s rather than 50 at 2/s: the same arithmetic, a run
 * of seconds instead of a minute.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalSecrets, type RunningPortal } from '../portal';
import type { ConformanceReport } from '../report/model';
import { runScript, type ChildResult } from '../../scripts/child-run';

const LIMIT = { burst: 50, drainPerSecond: 10 };

const SECRETS: Required<PortalSecrets> = {
  participantWebhook: 'canaryparticipanthook5k2m',
  participantToken: 'canaryparticipanttoken8f3a61d0e94b27c5',
  covoterWebhook: 'canarycovoterhook7r4t',
  outsiderWebhook: 'canaryoutsiderhook2p9x',
  expiredToken: 'canaryexpiredtoken3b6e0f1c9a4d',
  signingKey: 'canarysigningkey6h1j',
};

interface LiveRun {
  portal: RunningPortal;
  reportsDir: string;
  result: ChildResult;
  report: ConformanceReport;
  /** QUERY_LIMIT_EXCEEDED answers as the portal counted them, independently of the client. */
  refusedByLimit: number;
}

async function liveRun(rate: string, secrets?: PortalSecrets): Promise<LiveRun> {
  let refusedByLimit = 0;
  const portal = await startPortal({
    rateLimit: LIMIT,
    secrets,
    observe: ({ status, body }) => {
      if (status === 503 && (body as { error?: unknown }).error === 'QUERY_LIMIT_EXCEEDED') refusedByLimit += 1;
    },
  });
  const reportsDir = mkdtempSync(join(tmpdir(), 'b24-live-run-'));
  const result = await runScript('conformance', [], { ...portal.env, B24_RATE: rate, B24_REPORTS_DIR: reportsDir }).done;
  const report = JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as ConformanceReport;
  return { portal, reportsDir, result, report, refusedByLimit };
}

let paced: LiveRun;
let unpaced: LiveRun;

beforeAll(async () => {
  [paced, unpaced] = await Promise.all([liveRun(`${LIMIT.burst},${LIMIT.drainPerSecond}`, SECRETS), liveRun('100000,1000')]);
}, 120_000);

afterAll(async () => {
  for (const run of [paced, unpaced]) {
    if (!run) continue;
    await run.portal.close();
    rmSync(run.reportsDir, { recursive: true, force: true });
  }
});

describe('a live run paced at the portal limit', () => {
  it('passes and sends more requests than one burst', () => {
    expect(paced.result.code).toBe(0);
    expect(paced.report.requests.total).toBeGreaterThan(2 * LIMIT.burst);
  });

  it('never meets QUERY_LIMIT_EXCEEDED', () => {
    expect(paced.refusedByLimit).toBe(0);
    expect(paced.report.requests.rateLimited).toBe(0);
  });

  it('counts exactly the requests the portal received', () => {
    expect(paced.report.requests.total).toBe(paced.portal.requestCount());
    expect(paced.result.stdout).toContain(`HTTP requests: ${paced.portal.requestCount()}`);
    const byMethod = Object.values(paced.report.requests.byMethod).reduce((sum, n) => sum + n, 0);
    expect(byMethod).toBe(paced.report.requests.total);
  });

  it('prints and writes none of the secrets', () => {
    const written = readdirSync(paced.reportsDir, { recursive: true, encoding: 'utf8' })
      .map((name) => join(paced.reportsDir, name))
      .filter((file) => statSync(file).isFile());
    expect(written.some((file) => file.endsWith('ledger.json'))).toBe(true);
    const texts = [paced.result.stdout, paced.result.stderr, ...written.map((file) => readFileSync(file, 'utf8'))];
    const all = texts.join('\n');
    expect(all).toContain('vote.AttachedVote.recall');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(all.includes(secret), `${name} appears in the output or reports`).toBe(false);
    }
  });
});

describe('the same run unpaced', () => {
  it('is refused by the limit, and the report counts every refusal', () => {
    expect(unpaced.refusedByLimit).toBeGreaterThan(0);
    expect(unpaced.report.requests.rateLimited).toBe(unpaced.refusedByLimit);
    expect(unpaced.report.requests.total).toBe(unpaced.portal.requestCount());
  });
});
