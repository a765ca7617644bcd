import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';

/**
 * The chat page in headless Chromium (Debian's package, never a downloaded browser) against the
 * whole local stack: type, see the confirmation, see the reminder arrive live, press its buttons.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join('test-results', 'chat.png');

let offset = 0;
const clock = () => new Date(Date.now() + offset);
let dataDir: string;
let stack: LocalStack;
let browser: Browser;
let page: Page;
/** Script errors and console errors (CSP violations show up here): the page must have none. */
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`headless Chromium not found at ${CHROMIUM}: install Debian's package with "apt-get install -y chromium" (CI does this in .ci/run)`);
  }
  dataDir = await mkdtemp(join(tmpdir(), 'nudge-local-browser-'));
  stack = await startLocalStack({ dataDir, clock, defaultTimezone: 'Europe/Berlin' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1180, height: 760 }, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('chat page in a browser', () => {
  it('sends, shows the confirmation, receives the reminder live and presses its buttons', async () => {
    // Prepare
    await page.goto(`${stack.urls.chat}/?chat=1001`);
    const log = page.getByRole('log', { name: 'Messages' });
    await expect.poll(() => page.locator('#connection').textContent()).toBe('live');
    expect(await page.getByRole('button', { name: /Alice/ }).getAttribute('aria-current')).toBe('true');

    // Act: type and press Enter.
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('remind me in 10 seconds to stretch');
    await box.press('Enter');

    // Assess: own bubble on the right, the bot's confirmation on the left.
    await log.locator('.message.from-user', { hasText: 'remind me in 10 seconds to stretch' }).waitFor();
    await log.locator('.message.from-bot', { hasText: 'stretch' }).first().waitFor({ timeout: 5_000 });
    expect(await box.inputValue()).toBe('');

    // Assess: the reminder arrives by itself (SSE), with Done / Snooze buttons.
    const delivered = log.locator('.message.from-bot', { has: page.getByRole('button', { name: '✅ Done' }) });
    await delivered.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(400); // let the arrival animation settle for the screenshot
    await page.screenshot({ path: await screenshotPath() });

    // Act: Snooze 10 min; the bubble is edited in place.
    await delivered.getByRole('button', { name: '⏰ 10 min' }).click();
    await log.locator('.message.from-bot', { hasText: /snoozed/i }).waitFor({ timeout: 5_000 });
    await expect.poll(() => log.getByRole('button', { name: '✅ Done' }).count()).toBe(0);

    // Act: 10 minutes later the sweeper delivers it again, live.
    offset += 10 * 60_000 + 2_000;
    await stack.sweepNow();
    await log.locator('.message.from-bot', { has: page.getByRole('button', { name: '✅ Done' }) }).waitFor({ timeout: 5_000 });

    // Act: Done.
    await log.getByRole('button', { name: '✅ Done' }).click();
    await expect.poll(() => log.getByRole('button', { name: '✅ Done' }).count(), { timeout: 5_000 }).toBe(0);
  });

  it('switches chats and keeps each chat to itself', async () => {
    // Act
    await page.getByRole('button', { name: /Bob/ }).click();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('/help');
    await page.getByRole('button', { name: 'Send' }).click();

    // Assess
    const log = page.getByRole('log', { name: 'Messages' });
    await log.locator('.message.from-bot', { hasText: '/list' }).waitFor({ timeout: 5_000 });
    expect(await log.locator('.message', { hasText: 'stretch' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Bob/ }).getAttribute('aria-current')).toBe('true');
    expect(page.url()).toContain(stack.urls.chat!);
  });

  it('shows who wrote what in the group chat', async () => {
    // Act: Bob writes in the group.
    await page.getByRole('button', { name: /Team group/ }).click();
    await page.getByLabel('Send as').selectOption({ label: 'Bob' });
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('/list');
    await box.press('Enter');

    // Assess
    const log = page.getByRole('log', { name: 'Messages' });
    const mine = log.locator('.message.from-user', { hasText: '/list' });
    await mine.waitFor();
    expect(await mine.locator('.sender-name').textContent()).toBe('Bob');
    await log.locator('.message.from-bot').first().waitFor({ timeout: 5_000 });
    expect(pageErrors).toEqual([]);
  });
});

async function screenshotPath(): Promise<string> {
  await mkdir('test-results', { recursive: true });
  return SCREENSHOT;
}
