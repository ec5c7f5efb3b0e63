/**
 * Renders reports/conformance.html (or the file given, such as a fleet.html) in headless
 * Chromium, fails on any console error, page error or outside request, clicks the first FAIL
 * cell that links to a failure and fails if it does not open, and saves reports/conformance.png.
 * Exit 0 when clean, 1 on a problem, 2 for a usage mistake or a missing Chromium.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkHtmlInChromium, followFirstFailure } from '../src/report/html-check';
import { exitOnError } from './cli';
import { repoRoot } from '../src/runner/run';

const USAGE = `usage: tsx scripts/check-html.ts [HTML_FILE [SCREENSHOT_FILE]]
Defaults: reports/conformance.html and reports/conformance.png. The browser is B24_CHROMIUM_PATH
when set, else /usr/bin/chromium when present, else the Chromium that npm ci installed.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (argv.length > 2 || argv.some((a) => a.startsWith('-'))) {
    process.stderr.write(`check-html: unexpected argument\n${USAGE}\n`);
    return 2;
  }
  const html = resolve(argv[0] ?? join(repoRoot, 'reports', 'conformance.html'));
  const png = resolve(argv[1] ?? html.replace(/\.html?$/i, '') + '.png');
  if (!existsSync(html)) {
    process.stderr.write(`check-html: ${html} does not exist; run npm run conformance first\n`);
    return 2;
  }
  try {
    const result = await checkHtmlInChromium(html, png, followFirstFailure, { explicitPath: process.env.B24_CHROMIUM_PATH });
    for (const problem of result.problems) process.stderr.write(`check-html: ${problem}\n`);
    const clicked = result.inspected?.href ? `, clicked the FAIL cell linking to ${result.inspected.href}: ${result.inspected.opened ? 'its failure opened' : 'nothing opened'}` : '';
    process.stdout.write(`check-html: ${html} rendered, ${result.matrixCells} matrix cells, ${result.pageHeight ?? '?'} px tall${clicked}, ${result.problems.length} problem(s); screenshot ${result.screenshot} (Chromium: ${result.browser.source})\n`);
    return result.problems.length === 0 ? 0 : 1;
  } catch (error) {
    exitOnError('check-html', error);
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
