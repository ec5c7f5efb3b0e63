import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { renderHtml } from './html';
import { checkHtmlInChromium } from './html-check';
import { sampleReport } from '../test-doubles/sample-report';

const dir = mkdtempSync(join(tmpdir(), 'b24-html-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function page(name: string, html: string): string {
  const file = join(dir, name);
  writeFileSync(file, html);
  return file;
}

// Needs Debian's chromium at /usr/bin/chromium (or B24_CHROMIUM_PATH); .ci/run installs it.
describe('checkHtmlInChromium', () => {
  test('the report renders with no console error, shows the matrix, and leaves a screenshot', async () => {
    const file = page('report.html', renderHtml(sampleReport('chromiumCheckSecret42')));
    const result = await checkHtmlInChromium(file, join(dir, 'report.png'));
    expect(result.problems).toEqual([]);
    expect(result.matrixCells).toBeGreaterThan(0);
    expect(existsSync(result.screenshot)).toBe(true);
    expect(readFileSync(result.screenshot).subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  test('a page that logs an error, throws or loads from outside fails the check', async () => {
    const file = page(
      'broken.html',
      `<!doctype html><title>x</title><script>console.error("boom"); throw new Error("bang")</script><img src="http://127.0.0.1:9/x.png">`,
    );
    const result = await checkHtmlInChromium(file, join(dir, 'broken.png'));
    expect(result.problems).toEqual(expect.arrayContaining(['console error: boom', expect.stringMatching(/^page error: .*bang/), 'request outside the file: http://127.0.0.1:9/x.png', 'the page shows no matrix cell']));
  }, 60_000);
});
