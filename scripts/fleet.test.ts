/**
 * npm run fleet and npm run fleet:merge end to end: four standalone reference portals (two
 * faithful, two with different faults) as a fleet of live portals, whose variables the fleet
 * file reads from the environment; sharded and merged; a missing variable; an unreachable portal.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEVIATIONS, startPortal, type RunningPortal } from '../src/portal';
import { ledgerEntries, runScript, waitFor } from './child-run';
import { webhookSecret } from '../src/client/webhook-url';
import { checkHtmlInChromium, followFirstFailure } from '../src/report/html-check';
import type { FleetReport } from '../src/fleet/report';
import { recordRunTarget } from '../src/runner/janitor';
import { RunFiles } from '../src/run-files';

const dir = mkdtempSync(join(tmpdir(), 'b24-fleet-'));

/** name -> faults; by their names, each of two shards holds one faithful portal and one faulty one. */
const FLEET: Record<string, string[]> = {
  'acme-prod': [],
  'beta-stage': [],
  'gamma-eu': ['counters-not-decremented'],
  'delta-ru': ['auth-refused-with-403'],
};
const ERRORS_OF = Object.fromEntries(Object.entries(FLEET).map(([name, faults]) => [name, faults.flatMap((f) => DEVIATIONS.find((d) => d.name === f)!.clauses)]));

const portals = new Map<string, RunningPortal>();
/** The environment the fleet reads its `$VAR`s from: every secret lives here, not in the file. */
const vars: Record<string, string> = {};
let fleetFile = '';
const secrets: string[] = [];

const VARIABLES = ['B24_WEBHOOK_URL', 'B24_CHAT_ID', 'B24_OAUTH_TOKEN', 'B24_OAUTH_REST_URL', 'B24_COVOTER_WEBHOOK_URL', 'B24_OUTSIDER_WEBHOOK_URL', 'B24_EXPIRED_OAUTH_TOKEN'] as const;

function envName(portal: string, variable: string): string {
  return `${portal.toUpperCase().replace(/-/g, '_')}_${variable.replace(/^B24_/, '')}`;
}

function writeFleet(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}

function readFleet(reportsDir: string): FleetReport {
  return JSON.parse(readFileSync(join(reportsDir, 'fleet.json'), 'utf8')) as FleetReport;
}

function verdicts(report: FleetReport) {
  return Object.fromEntries(report.portals.map((p) => [p.name, { verdict: p.verdict, summary: p.summary, exitCode: p.exitCode, failed: p.clauses.filter((c) => c.status === 'failed').map((c) => c.id) }]));
}

function allFiles(root: string): string[] {
  return readdirSync(root).flatMap((entry) => {
    const path = join(root, entry);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

beforeAll(async () => {
  const entries = [];
  for (const [name, faults] of Object.entries(FLEET)) {
    const portal = await startPortal({ faults });
    portals.set(name, portal);
    const env: Record<string, string> = { B24_RATE: '100000,10000' };
    for (const variable of VARIABLES) {
      const value = portal.env[variable];
      vars[envName(name, variable)] = value;
      env[variable] = `$${envName(name, variable)}`;
    }
    secrets.push(webhookSecret(portal.env.B24_WEBHOOK_URL)!, portal.env.B24_OAUTH_TOKEN);
    entries.push({ name, env });
  }
  fleetFile = writeFleet('fleet.json', { portals: entries });
});

afterAll(async () => {
  for (const portal of portals.values()) await portal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run fleet', () => {
  let unsharded: FleetReport;
  const reportsDir = join(dir, 'all');

  test('four portals, two faithful and two with different faults: the right verdict for each, exit code 1', async () => {
    const run = await runScript('fleet', [fleetFile, '--jobs', '2'], { ...vars, B24_REPORTS_DIR: reportsDir }).done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    unsharded = readFleet(reportsDir);
    const byName = new Map(unsharded.portals.map((p) => [p.name, p]));
    expect([...byName.keys()].sort()).toEqual(Object.keys(FLEET).sort());
    for (const [name, faults] of Object.entries(FLEET)) {
      const p = byName.get(name)!;
      if (faults.length === 0) {
        expect(p, name).toMatchObject({ verdict: 'passed', exitCode: 0, summary: { failed: 0 } });
        expect(p.summary.passed, name).toBeGreaterThan(50);
        expect(p.error, name).toBeUndefined();
      } else {
        expect(p, name).toMatchObject({ verdict: 'failed', exitCode: 1 });
        expect(p.summary.failed, name).toBeGreaterThan(0);
        // The clauses the fault is known to break are among the failed ones.
        const failed = p.clauses.filter((c) => c.status === 'failed').map((c) => c.id);
        expect(failed, name).toEqual(expect.arrayContaining(ERRORS_OF[name]!));
      }
      // Each portal's own report, and its ledgers, in its own folder.
      const own = JSON.parse(readFileSync(join(reportsDir, name, 'conformance.json'), 'utf8')) as { summary: unknown; target: { origin: string } };
      expect(own.summary, name).toEqual(p.summary);
      expect(own.target.origin, name).toBe(portals.get(name)!.url);
      expect(readdirSync(join(reportsDir, name, '.run')).length, name).toBe(1);
    }
    // The two faults fail different clauses.
    const failedOf = (name: string) => byName.get(name)!.clauses.filter((c) => c.status === 'failed').map((c) => c.id);
    expect(failedOf('gamma-eu')).not.toEqual(failedOf('delta-ru'));
    expect(unsharded.summary).toEqual({ portals: 4, passed: 2, failed: 2, error: 0 });

    // One progress line per portal as it finishes, then the matrix.
    const progress = run.stdout.split('\n').filter((line) => /^\[\d\/4\] /.test(line));
    expect(progress).toHaveLength(4);
    for (const name of Object.keys(FLEET)) expect(progress.filter((line) => line.includes(` ${name} `))).toHaveLength(1);
    expect(progress.find((line) => line.includes('gamma-eu'))).toMatch(/FAILED {2}\d+ passed, \d+ failed, \d+ skipped {2}\(exit 1, /);
    expect(run.stdout.indexOf('portal  ')).toBeGreaterThan(run.stdout.lastIndexOf('[4/4]'));
    expect(run.stdout).toMatch(/gamma-eu +FAILED .*FAIL \d/);
    expect(run.stdout).toContain('4 portal(s): 2 passed, 2 failed, 0 did not finish');

    // JUnit: one suite per portal, a failure per failed clause.
    const junit = readFileSync(join(reportsDir, 'fleet.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(4);
    const gamma = junit.slice(junit.indexOf('<testsuite name="gamma-eu"'), junit.indexOf('</testsuite>', junit.indexOf('<testsuite name="gamma-eu"')));
    expect(gamma.match(/<failure /g)?.length).toBe(failedOf('gamma-eu').length);
    expect(junit).toMatch(/<testsuite name="acme-prod" tests="\d+" failures="0"/);

    // No secret in anything the fleet printed or wrote.
    const written = allFiles(reportsDir).map((file) => readFileSync(file, 'utf8'));
    for (const secret of secrets) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      for (const text of written) expect(text).not.toContain(secret);
    }
    expect(readFileSync(fleetFile, 'utf8')).not.toContain(secrets[0]!);
  }, 300_000);

  test('fleet.html renders in the browser with no console error, and a FAIL cell opens that failure in the portal\'s own report', async () => {
    const html = readFileSync(join(reportsDir, 'fleet.html'), 'utf8');
    expect(html).toContain('<a href="gamma-eu/conformance.html#fail-RCL-COUNT-01--');
    const result = await checkHtmlInChromium(join(reportsDir, 'fleet.html'), join(dir, 'fleet.png'), followFirstFailure);
    expect(result.problems).toEqual([]);
    expect(result.matrixCells).toBeGreaterThanOrEqual(4 * 26);
    expect(result.inspected?.href).toMatch(/^(gamma-eu|delta-ru)\/conformance\.html#fail-RCL-/);
    expect(result.inspected?.opened).toBe(true);
  }, 60_000);

  test('shards 1/2 and 2/2, merged, give the same verdicts as the unsharded run', async () => {
    const [one, two] = await Promise.all(
      ['1/2', '2/2'].map((shard, i) => runScript('fleet', [fleetFile, '--shard', shard, '--jobs', '1'], { ...vars, B24_REPORTS_DIR: join(dir, `shard-${i + 1}`) }).done),
    );
    const shardNames = [1, 2].map((i) => readFleet(join(dir, `shard-${i}`)).portals.map((p) => p.name));
    // Each shard ran some portals, and together they ran each one once.
    expect(shardNames[0]!.length).toBeGreaterThan(0);
    expect(shardNames[1]!.length).toBeGreaterThan(0);
    expect([...shardNames[0]!, ...shardNames[1]!].sort()).toEqual(Object.keys(FLEET).sort());
    expect([one!.code, two!.code].sort()).toEqual(shardNames.map((names) => (names.every((n) => FLEET[n]!.length === 0) ? 0 : 1)).sort());

    const merged = join(dir, 'merged');
    const merge = await runScript('fleet-merge', [join(dir, 'shard-1'), join(dir, 'shard-2')], { B24_REPORTS_DIR: merged }).done;
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(1);
    const report = readFleet(merged);
    expect(verdicts(report)).toEqual(verdicts(unsharded));
    expect(report.shards).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    // The merged folder stands alone: each portal's report is copied beside fleet.html.
    for (const name of Object.keys(FLEET)) expect(statSync(join(merged, name, 'conformance.html')).isFile()).toBe(true);
    expect(readFileSync(join(merged, 'fleet.xml'), 'utf8').match(/<testsuite /g)).toHaveLength(4);

    // A shard missing, or given twice, is refused.
    const partial = await runScript('fleet-merge', [join(dir, 'shard-2')], { B24_REPORTS_DIR: join(dir, 'partial') }).done;
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('shard 1/2 is missing');
    const twice = await runScript('fleet-merge', [join(dir, 'shard-1'), join(dir, 'shard-1'), join(dir, 'shard-2')], { B24_REPORTS_DIR: join(dir, 'twice') }).done;
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('shard 1/2 is in both');
  }, 300_000);

  test('a $VAR that is not set stops the run with exit code 2, naming the portal and the variable, before any request', async () => {
    const before = [...portals.values()].map((p) => p.requestCount());
    const file = writeFleet('missing.json', {
      portals: [
        { name: 'acme-prod', env: { B24_WEBHOOK_URL: `$${envName('acme-prod', 'B24_WEBHOOK_URL')}`, B24_CHAT_ID: '$ACME_CHAT' } },
        { name: 'beta-stage', env: { B24_WEBHOOK_URL: `$${envName('beta-stage', 'B24_WEBHOOK_URL')}`, B24_CHAT_ID: '1' } },
      ],
    });
    const reports = join(dir, 'missing');
    const run = await runScript('fleet', [file], { ...vars, ACME_CHAT: undefined, B24_REPORTS_DIR: reports }).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('fleet: portal acme-prod: B24_CHAT_ID refers to $ACME_CHAT, which is not set in the environment\n');
    expect(run.stdout).toBe('');
    expect([...portals.values()].map((p) => p.requestCount())).toEqual(before);
  }, 60_000);

  test('a portal that cannot be reached is that portal\'s error; the fleet still writes its report', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const file = writeFleet('unreachable.json', {
      portals: [{ name: 'gone', env: { B24_WEBHOOK_URL: '$GONE_WEBHOOK', B24_CHAT_ID: '5' } }],
    });
    const reports = join(dir, 'unreachable');
    const run = await runScript('fleet', [file], { B24_REPORTS_DIR: reports, GONE_WEBHOOK: `http://127.0.0.1:${closed}/rest/1/unreachableSecret123/` }).done;
    expect(run.code).toBe(1);
    const [gone] = readFleet(reports).portals;
    expect(gone).toMatchObject({ name: 'gone', verdict: 'error', exitCode: 2, summary: { passed: 0, failed: 0, skipped: 0 } });
    expect(gone!.error).toMatch(/127\.0\.0\.1/);
    expect(run.stdout).toMatch(/\[1\/1\] gone {2}ERROR {2}/);
    for (const text of [run.stdout, run.stderr, ...allFiles(reports).map((f) => readFileSync(f, 'utf8'))]) expect(text).not.toContain('unreachableSecret123');
  }, 60_000);

  test('--janitor runs the janitor for every portal, with its own variables, on its own ledgers', async () => {
    const reports = join(dir, 'janitor');
    const left = new Map<string, number>();
    for (const name of ['acme-prod', 'gamma-eu']) {
      const portal = portals.get(name)!;
      const outcome = portal.store.call(portal.store.world.participantId, 'vote.Integration.Im.send', {
        chatId: portal.store.world.chatId,
        IM_MESSAGE_VOTE_DATA: { QUESTIONS: [{ QUESTION: 'Left behind?', FIELD_TYPE: 0, ANSWERS: [{ MESSAGE: 'yes' }, { MESSAGE: 'no' }] }], OPTIONS: 1 },
      });
      if (!outcome.ok) throw new Error(`setup failed: ${outcome.error.code}`);
      const messageId = Number((outcome.result as { messageId: unknown }).messageId);
      const files = new RunFiles(join(reports, name, '.run', 'cafe0001'), 'cafe0001');
      recordRunTarget(files, { kind: 'live', origin: portal.url });
      files.recordPoll({ runId: 'cafe0001', messageId, createdAt: new Date().toISOString() });
      left.set(name, messageId);
    }
    const run = await runScript('fleet', [fleetFile, '--janitor'], { ...vars, B24_REPORTS_DIR: reports }).done;
    expect(run.code).toBe(0);
    for (const [name, messageId] of left) {
      expect(run.stdout).toContain(`janitor ${name}: deleted poll message ${messageId} (run cafe0001)`);
      expect(new RunFiles(join(reports, name, '.run', 'cafe0001'), 'cafe0001').readLedger()[0]?.deleted).toBe(true);
    }
    expect(run.stdout.match(/: exit 0$/gm)).toHaveLength(4);
  }, 120_000);

  test('a portal whose run outlives --timeout is stopped and is that portal\'s error', async () => {
    const file = writeFleet('slow.json', { portals: [{ name: 'acme-prod', env: { B24_WEBHOOK_URL: `$${envName('acme-prod', 'B24_WEBHOOK_URL')}`, B24_CHAT_ID: '1' } }] });
    const reports = join(dir, 'slow');
    const run = await runScript('fleet', [file, '--timeout', '1'], { ...vars, B24_REPORTS_DIR: reports }).done;
    expect(run.code).toBe(1);
    const [slow] = readFleet(reports).portals;
    expect(slow).toMatchObject({ name: 'acme-prod', verdict: 'error' });
    expect(slow!.error).toMatch(/^did not finish within 1 s and was stopped/);
  }, 60_000);

  test('Ctrl-C stops the portal under way, which deletes its polls, starts no other, and still writes fleet.json', async () => {
    const file = writeFleet('interrupted.json', {
      portals: ['acme-prod', 'beta-stage'].map((name) => ({
        name,
        env: Object.fromEntries([...VARIABLES.map((v) => [v, `$${envName(name, v)}`]), ['B24_RATE', '100000,10000']]),
      })),
    });
    const reports = join(dir, 'interrupted');
    const run = runScript('fleet', [file, '--jobs', '1'], { ...vars, B24_REPORTS_DIR: reports });
    await waitFor('the first portal\'s first poll', 60_000, () => (ledgerEntries(join(reports, 'acme-prod')).length > 0 ? true : undefined));
    run.killGroup('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    const report = readFleet(reports);
    expect(report.portals.map((p) => [p.name, p.verdict])).toEqual([['acme-prod', 'error'], ['beta-stage', 'error']]);
    expect(report.portals[0]!.error).toBe('stopped: the fleet was interrupted (SIGINT)');
    expect(report.portals[1]!.error).toBe('not run: the fleet was interrupted before this portal started');
    const ledger = ledgerEntries(join(reports, 'acme-prod'));
    expect(ledger.length).toBeGreaterThan(0);
    expect(ledger.filter((entry) => !entry.deleted)).toEqual([]);
  }, 120_000);
});
