/**
 * Renders an HTML report in headless Chromium (a system one, or the one npm ci installed; see
 * ./chromium.ts), driven by playwright-core, collects console errors, page errors and any request that leaves the file,
 * checks that the matrix is on the page, and saves a full-page screenshot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
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
  /** The page's height before anything is clicked, in CSS pixels (the viewport is 900 high). */
  pageHeight?: number;
  /** What `inspect` found, when one was given. */
  inspected?: LinkCheck;
}

/** What clicking a FAIL cell of the matrix did. */
export interface LinkCheck {
  /** The link followed, or undefined when the page has no FAIL cell with a link. */
  href?: string;
  /** The element the link names is on screen once followed (its collapsed group opened). */
  opened: boolean;
}

/**
 * Runs on the loaded page, after the screenshot; `allow` admits a URL the page may request
 * (another report of the same fleet), and problems go to `problems`.
 */
export type PageInspection = (page: Page, problems: string[], allow: (url: string) => void) => Promise<LinkCheck>;

/** `browser` says which Chromium to use (see ./chromium.ts); by default a system one, else the packaged one. */
export async function checkHtmlInChromium(htmlFile: string, screenshotFile: string, inspect?: PageInspection, browser: LocateOptions = {}): Promise<HtmlCheckResult> {
  const launch = locateChromium(browser);
  const profile = mkdtempSync(join(tmpdir(), 'b24-chromium-'));
  const url = pathToFileURL(resolve(htmlFile)).href;
  const problems: string[] = [];
  const allowed = new Set([url]);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: launch.executablePath,
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
      if (!allowed.has(request.url())) problems.push(`request outside the file: ${request.url()}`);
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (response && !response.ok()) problems.push(`loading the file answered ${response.status()}`);
    const matrixCells = await page.locator('table.matrix td.cell').count();
    if (matrixCells === 0) problems.push('the page shows no matrix cell');
    // Evaluated in the page, where document exists (the project compiles without the DOM types).
    const pageHeight = await page.evaluate<number>('document.documentElement.scrollHeight');
    await page.screenshot({ path: screenshotFile, fullPage: true });
    const inspected = inspect ? await inspect(page, problems, (allow) => allowed.add(allow)) : undefined;
    return {
      problems,
      matrixCells,
      screenshot: screenshotFile,
      browser: { executablePath: launch.executablePath, source: launch.source },
      pageHeight,
      ...(inspected ? { inspected } : {}),
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Clicks the first FAIL cell of the matrix that links somewhere (the single-run report links to
 * the failure in its collapsed group; the fleet page links to a portal's own report) and checks
 * that the element the link names is then visible and on screen.
 */
export const followFirstFailure: PageInspection = async (page, problems, allow) => {
  const link = page.locator('table.matrix td.cell.failed a[href]').first();
  if ((await link.count()) === 0) return { opened: false };
  const href = (await link.getAttribute('href')) ?? '';
  const target = new URL(href, page.url());
  allow(new URL(target.pathname, target).href);
  await link.click();
  await page.waitForURL(target.href, { waitUntil: 'load' });
  const id = decodeURIComponent(target.hash.slice(1));
  const element = page.locator(`[id="${id.replace(/["\\]/g, '\\$&')}"]`);
  let opened = id !== '' && (await element.count()) === 1 && (await element.isVisible());
  if (opened) {
    const box = await element.boundingBox();
    const height = page.viewportSize()?.height ?? 0;
    opened = box !== null && box.height > 0 && box.y < height && box.y + box.height > 0;
  }
  if (!opened) problems.push(`clicking the FAIL cell linking to ${href} did not show its failure`);
  return { href, opened };
};
