/**
 * Renders an HTML report in headless Chromium (a system one, or the one npm ci installed; see
 * ./chromium.ts), driven by playwright-core, collects console errors, page errors and any request that leaves the file,
 * checks that the matrix is on the page, and saves a full-page screenshot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { locateChromium, type ChromiumLaunch, type LocateOptions } from './chromium';

export { ChromiumMissing } from './chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HtmlCheckResult {
  /** Console errors, page errors and requests to anything but the file itself. */
  problems: string[];
  /** Cells of the matrix found on the page. */
  matrixCells: number;
  screenshot: string;
  /** The browser that rendered it. */
  browser: Pick<ChromiumLaunch, 'executablePath' | 'source'>;
}

export async function checkHtmlInChromium(htmlFile: string, screenshotFile: string, browser: LocateOptions = {}): Promise<HtmlCheckResult> {
  const launch = locateChromium(browser);
  const profile = mkdtempSync(join(tmpdir(), 'b24-chromium-'));
  const url = pathToFileURL(resolve(htmlFile)).href;
  const problems: string[] = [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: launch.executablePath,
    env: { ...process.env, ...launch.env },
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (request.url() !== url) problems.push(`request outside the file: ${request.url()}`);
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (response && !response.ok()) problems.push(`loading the file answered ${response.status()}`);
    const matrixCells = await page.locator('table.matrix td.cell').count();
    if (matrixCells === 0) problems.push('the page shows no matrix cell');
    await page.screenshot({ path: screenshotFile, fullPage: true });
    return { problems, matrixCells, screenshot: screenshotFile, browser: { executablePath: launch.executablePath, source: launch.source } };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
