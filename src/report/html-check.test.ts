import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { renderHtml } from './html';
import { checkHtmlInChromium, followFirstFailure } from './html-check';
import { manyFailuresReport, sampleReport } from '../test-doubles/sample-report';

const dir = mkdtempSync(join(tmpdir(), 'b24-html-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function page(name: string, html: string): string {
  const file = join(dir, name);
  writeFileSync(file, html);
  return file;
}

// Uses /usr/bin/chromium when the machine has one, else the Chromium that npm ci installed; never skips.
describe('checkHtmlInChromium', () => {
  test('the report renders with no console error, shows the matrix, and leaves a screenshot', async () => {
    const file = page('report.html', renderHtml(sampleReport('chromiumCheckSecret42')));
    const result = await checkHtmlInChromium(file, join(dir, 'report.png'));
    expect(result.problems).toEqual([]);
    expect(result.matrixCells).toBeGreaterThan(0);
    expect(existsSync(result.screenshot)).toBe(true);
    expect(readFileSync(result.screenshot).subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  test('the Chromium that npm ci installed renders it too, whatever the machine has', async () => {
    const file = page('packaged.html', renderHtml(sampleReport('chromiumCheckSecret42')));
    const result = await checkHtmlInChromium(file, join(dir, 'packaged.png'), undefined, { systemPath: join(dir, 'no-system-chromium') });
    expect(result.browser.source).toBe('@sparticuz/chromium');
    expect(result.problems).toEqual([]);
    expect(result.matrixCells).toBeGreaterThan(0);
    expect(readFileSync(result.screenshot).subarray(1, 4).toString()).toBe('PNG');
  }, 120_000);

  test('a page that logs an error, throws or loads from outside fails the check', async () => {
    const file = page(
      'broken.html',
      `<!doctype html><title>x</title><script>console.error("boom"); throw new Error("bang")</script><img src="http://127.0.0.1:9/x.png">`,
    );
    const result = await checkHtmlInChromium(file, join(dir, 'broken.png'));
    expect(result.problems).toEqual(expect.arrayContaining(['console error: boom', expect.stringMatching(/^page error: .*bang/), 'request outside the file: http://127.0.0.1:9/x.png', 'the page shows no matrix cell']));
  }, 60_000);

  test('a page with 40 failures fits on one screen until expanded, and clicking a FAIL cell opens its failure', async () => {
    const report = manyFailuresReport(40);
    expect(report.summary.failed).toBe(40);
    const file = page('forty.html', renderHtml(report));
    const result = await checkHtmlInChromium(file, join(dir, 'forty.png'), followFirstFailure);
    expect(result.problems).toEqual([]);
    expect(result.pageHeight).toBeLessThanOrEqual(900);
    expect(result.inspected?.href).toMatch(/^#fail-RCL-/);
    expect(result.inspected?.opened).toBe(true);
  }, 60_000);

  test('a FAIL cell whose link leads to a collapsed block that does not open fails the click check', async () => {
    // The same markup with the target id renamed: following the link shows nothing.
    const html = renderHtml(manyFailuresReport(3)).replace(/<div class="failure" id="fail-/g, '<div class="failure" id="gone-');
    const result = await checkHtmlInChromium(page('dangling.html', html), join(dir, 'dangling.png'), followFirstFailure);
    expect(result.inspected?.opened).toBe(false);
    expect(result.problems).toEqual([expect.stringMatching(/^clicking the FAIL cell linking to #fail-RCL-.* did not show its failure$/)]);
  }, 60_000);
});
