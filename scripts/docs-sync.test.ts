import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../src/contract/schema-files';

const work = mkdtempSync(path.join(tmpdir(), 'docs-sync-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync('npx', ['tsx', 'scripts/docs-sync.ts', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function checkout(dir: string, commit: string, page: string): void {
  mkdirSync(path.join(dir, 'api-reference'), { recursive: true });
  writeFileSync(path.join(dir, 'SOURCE-COMMIT'), `${commit} Fri Aug 21 2026\n`);
  writeFileSync(path.join(dir, 'api-reference', 'm.md'), page);
}

describe('npm run docs:sync', () => {
  test('writes both sets from a checkout and the -ru folder beside it, with provenance', () => {
    const en = path.join(work, 'docs');
    checkout(en, 'abc123', '## Response Handling\nHTTP status: **200**\n```json\n{"result": 1}\n```\n');
    checkout(`${en}-ru`, 'def456', '## Обработка ошибок\n```json\n{"error": "X"}\n```\n');
    const out = path.join(work, 'out');
    const run = cli('--out', out, en);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const enData = JSON.parse(readFileSync(path.join(out, 'en.json'), 'utf8'));
    expect(enData).toMatchObject({ set: 'en', sourceCommit: 'abc123 Fri Aug 21 2026' });
    expect(enData.pages['api-reference/m.md'].examples).toEqual([{ section: 'success', index: 0, line: 3, status: '200', body: { result: 1 } }]);
    const ruData = JSON.parse(readFileSync(path.join(out, 'ru.json'), 'utf8'));
    expect(ruData.pages['api-reference/m.md'].examples[0]).toMatchObject({ section: 'error', body: { error: 'X' } });
    expect(run.stdout).toMatch(/en\.json .*abc123.*1 pages, 1 examples/);
  });

  test('a folder that is not there, or not a checkout, is one line and exit 2', () => {
    const missing = cli('--out', path.join(work, 'x'), path.join(work, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/no docs checkout at .*nowhere/)]);
    mkdirSync(path.join(work, 'plain'));
    const plain = cli('--out', path.join(work, 'y'), path.join(work, 'plain'));
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/plain is not a docs checkout \(it has no SOURCE-COMMIT\)/);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(work, 'y', 'en.json'))).toBe(false);
  });

  test('a bad option is a usage error', () => {
    const run = cli('--nope');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option --nope/);
  });
});
