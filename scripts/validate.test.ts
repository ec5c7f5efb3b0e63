import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { responseExamples } from '../src/contract/doc-examples';
import { repoRoot } from '../src/contract/schema-files';

const work = mkdtempSync(path.join(tmpdir(), 'validate-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function save(name: string, content: string): string {
  const file = path.join(work, name);
  writeFileSync(file, content);
  return file;
}

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/validate.ts', ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const recallSuccess = responseExamples('api-reference/vote/vote.attachedvote.recall.md').find(
  (example) => example.section === 'success',
)?.body as { result: { attach: Record<string, unknown> } };
const valid = save('recall.json', JSON.stringify(recallSuccess, null, 2));
const invalid = save('recall-isvoted-n.json', JSON.stringify({ ...recallSuccess, result: { attach: { ...recallSuccess.result.attach, isVoted: 'N' } } }));

describe.concurrent('npm run validate', () => {
  test('exits 0 with one OK line for the recall page example', async ({ expect }) => {
    const run = await cli('vote.AttachedVote.recall', valid);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/^OK /);
  });

  test('exits 1 and prints the path when isVoted is "N"', async ({ expect }) => {
    const run = await cli('vote.AttachedVote.recall', invalid);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('/result/attach/isVoted');
    expect(run.stdout).toContain('received "N"');
  });

  test('exits 0 for a valid error envelope, looking the method up in any case', async ({ expect }) => {
    const file = save('error.json', '{"error":"ATTACH_NOT_FOUND","error_description":"Attach not found"}');
    expect((await cli('VOTE.ATTACHEDVOTE.RECALL', file)).code).toBe(0);
  });

  test.each([
    ['an unknown method', ['vote.AttachedVote.nothing', valid], /unknown method "vote.AttachedVote.nothing"/],
    ['a missing file', ['vote.AttachedVote.recall', path.join(work, 'absent.json')], /cannot read .*absent\.json: ENOENT/],
    ['a file that is not JSON', ['vote.AttachedVote.recall', save('broken.json', '{"result": ')], /is not JSON/],
    ['no arguments', [], /^usage: /],
    ['one argument', ['vote.AttachedVote.recall'], /^usage: /],
    ['an unknown option', ['--strict', 'vote.AttachedVote.recall', 'x.json'], /^unknown option --strict; usage: /],
  ])('exits 2 with one line and no stack trace for %s', async (_case, args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('--help prints the usage and exits 0', async () => {
    const run = await cli('--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: /);
  });

  test('a byte-order mark before the JSON is not an error', async () => {
    const run = await cli('vote.AttachedVote.recall', save('bom.json', '\uFEFF{"error":"ATTACH_NOT_FOUND","error_description":"Attach not found"}'));
    expect(run.code).toBe(0);
  });
});
