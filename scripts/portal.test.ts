import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const TSX = `${ROOT}node_modules/.bin/tsx`;
const CONNECTOR = 'Bitrix\\Vote\\Attachment\\ImMessageConnector';

async function post(url: string, body: string, type = 'application/x-www-form-urlencoded') {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
  return { status: response.status, json: (await response.json()) as any };
}

describe('npm run portal -- --json, walked through with raw HTTP', () => {
  let child: ChildProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    child = spawn('npm', ['run', '-s', 'portal', '--', '--json'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout! });
    const [first] = (await once(lines, 'line')) as [string];
    env = JSON.parse(first).env;
  });

  afterAll(async () => {
    if (child.exitCode === null && child.pid) {
      const exited = once(child, 'exit');
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
  });

  test('the first line is {"env": {...}} with every live-target variable', () => {
    expect(Object.keys(env).sort()).toEqual([
      'B24_CHAT_ID',
      'B24_COVOTER_WEBHOOK_URL',
      'B24_EXPIRED_OAUTH_TOKEN',
      'B24_OAUTH_REST_URL',
      'B24_OAUTH_TOKEN',
      'B24_OUTSIDER_WEBHOOK_URL',
      'B24_WEBHOOK_URL',
    ]);
    expect(env.B24_WEBHOOK_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/\d+\/[a-z0-9]+\/$/);
    expect(env.B24_OAUTH_REST_URL).toMatch(/\/rest\/$/);
  });

  test('send, vote with a form ballot, recall by each identifier mode, then get', async () => {
    const participant = env.B24_WEBHOOK_URL!;
    const sent = await post(
      `${participant}vote.Integration.Im.send`,
      JSON.stringify({
        chatId: Number(env.B24_CHAT_ID),
        templateId: 'walkthrough',
        IM_MESSAGE_VOTE_DATA: { OPTIONS: 1, QUESTIONS: [{ QUESTION: 'Walk?', ANSWERS: [{ MESSAGE: 'yes' }, { MESSAGE: 'no' }] }] },
      }),
      'application/json',
    );
    expect(sent.status).toBe(200);
    const { messageId, voteId } = sent.json.result;
    const fetched = await post(`${participant}vote.AttachedVote.get`, `attachId=${voteId}`);
    const attach = fetched.json.result.attach;
    const questionId = Object.keys(attach.QUESTIONS)[0]!;
    const answerId = Object.keys(attach.QUESTIONS[questionId].ANSWERS)[1]!;
    const signed: string = attach.signedAttachId;

    const modes = [
      `attachId=${voteId}`,
      `moduleId=Im&entityType=${encodeURIComponent(CONNECTOR)}&entityId=${messageId}`,
      `signedAttachId=${encodeURIComponent(signed)}`,
    ];
    for (const mode of modes) {
      const voted = await post(`${participant}vote.AttachedVote.vote`, `attachId=${voteId}&ballot%5B${questionId}%5D%5B%5D=${answerId}`);
      expect(voted.status).toBe(200);
      expect(voted.json.result.attach).toMatchObject({ COUNTER: 1, isVoted: true });
      expect(Object.keys(voted.json.result.attach.userAnswerMap[questionId])).toEqual([answerId]);
      const recalled = await post(`${participant}vote.AttachedVote.recall`, mode);
      expect(recalled.status, mode).toBe(200);
      expect(recalled.json.result.attach, mode).toMatchObject({ COUNTER: 0, isVoted: false, canVote: true, userAnswerMap: [] });
      expect(recalled.json.time.duration, mode).toBeGreaterThanOrEqual(0);
    }

    const final = await fetch(`${env.B24_OAUTH_REST_URL}vote.AttachedVote.get.json?auth=${env.B24_OAUTH_TOKEN}&attachId=${voteId}`);
    expect(final.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await final.json()) as any;
    expect(body.result.attach).toMatchObject({ ID: voteId, entityId: messageId, COUNTER: 0, isVoted: false, isFinished: false });
    expect(body.result.attach.QUESTIONS[questionId].ANSWERS[answerId]).toMatchObject({ COUNTER: 0, PERCENT: 0 });
  });
});

describe('portal command line', () => {
  test.for([['--bogus'], ['--port', 'x'], ['--rate-limit', '5'], ['--fault', 'no-such-fault']])('%s exits 2 with one line and no stack', (args) => {
    const run = spawnSync(TSX, ['scripts/portal.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^portal: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('--help prints usage and exits 0', () => {
    const run = spawnSync(TSX, ['scripts/portal.ts', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--rate-limit B,D');
  });

  test('without --json it prints shell-quoted export lines', async () => {
    const child = spawn(TSX, ['scripts/portal.ts', '--https'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    const lines: string[] = [];
    const reader = createInterface({ input: child.stdout! });
    for await (const line of reader) {
      lines.push(line);
      if (line.startsWith('export B24_CA_FILE=')) break;
    }
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^export B24_WEBHOOK_URL='https:\/\/127\.0\.0\.1:\d+\/rest\/\d+\/[a-z0-9]+\/'$/);
    expect(lines.every((line) => /^export B24_[A-Z_]+='[^']*'$/.test(line))).toBe(true);
  });
});
