/**
 * The HTML session report and interviewer card in a real browser: Debian's Chromium, driven by
 * playwright-core (which never downloads a browser). Run by `npm run test:browser` (KATA_BROWSER=1);
 * `npm test` skips this folder, so it never needs a browser.
 *
 * Screenshots land in .kata-tmp/browser/ (git-ignored) for a person to look at.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SECTIONS } from '../../harness/report/report-doc';
import { REPO, runBin, tempDir } from '../harness/helpers';
import { scriptedSession } from '../interview/helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.join(REPO, '.kata-tmp', 'browser');
/** The flags the issue asks for, plus quiet-network ones; the user-data-dir is fresh per run. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

interface Opened {
  page: Page;
  problems: string[];
}

describe('HTML report and card in headless Chromium', () => {
  let context: BrowserContext;
  let userDataDir: string;
  const root = tempDir('kata-browser-');
  const files = { report: path.join(root, 'report.html'), card: path.join(root, 'card', 'card.html') };

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
    }
    const started = scriptedSession(root);
    const r = await runBin(['report', started.dir, '--html', files.report, '--from-log'], root);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    fs.mkdirSync(SHOTS, { recursive: true });
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1100, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  /** Opens a file, recording console errors, page errors and any request that is not the file itself. */
  async function open(file: string): Promise<Opened> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (req) => {
      if (req.url() !== pathToFileURL(file).href) problems.push(`request: ${req.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems };
  }

  it('the report renders every section, its three drawings and the rubric, with no console error or request', async () => {
    const { page, problems } = await open(files.report);
    for (const id of REPORT_SECTIONS) {
      const section = page.locator(`section#${id}`);
      await expect(section.locator('h2').isVisible()).resolves.toBe(true);
      expect((await section.boundingBox())?.height ?? 0).toBeGreaterThan(20);
    }
    const svgs = page.locator('#evidence svg');
    expect(await svgs.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const box = await svgs.nth(i).boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
      expect(box?.height ?? 0).toBeGreaterThan(100);
    }
    expect(await page.locator('#evidence rect.cell').count()).toBe(64);
    expect(await page.locator('#rubric input[type=checkbox]').count()).toBeGreaterThan(8);
    expect(await page.locator('#diff pre .add').first().textContent()).toContain('checked the shift by hand');
    expect(await page.locator('#timeline').innerText()).toMatch(/\+20:00\s+Part 1 done/);
    await page.screenshot({ path: path.join(SHOTS, 'report.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('prints: the contents box is hidden, the sections stay, and a PDF comes out', async () => {
    const { page, problems } = await open(files.report);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('nav').isVisible()).resolves.toBe(false);
    await expect(page.locator('section#rubric h2').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'report-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    fs.writeFileSync(path.join(SHOTS, 'report.pdf'), pdf);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the interviewer card renders its sections, diffs and follow-ups', async () => {
    const { page, problems } = await open(files.card);
    for (const id of ['session', 'bugs', 'method', 'rubric', 'hints', 'follow-ups']) await expect(page.locator(`section#${id} h2`).isVisible()).resolves.toBe(true);
    expect(await page.locator('#bugs pre.diff').count()).toBe(4);
    expect(await page.locator('#follow-ups .qa').count()).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: path.join(SHOTS, 'card.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
