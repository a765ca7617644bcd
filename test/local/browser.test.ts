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

describe('chat page layout and history', () => {
  const CHAT = 1002;

  /** The user side of the stand-in, as the page itself calls it. */
  async function userWrites(text: string): Promise<void> {
    const response = await fetch(`${stack.urls.chat}/user/${CHAT}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, from: { id: CHAT, is_bot: false, first_name: 'Bob' } }),
    });
    expect(response.status).toBe(200);
  }

  async function botReplies(): Promise<number> {
    const response = await fetch(`${stack.urls.chat}/user/${CHAT}/messages`);
    const { messages } = (await response.json()) as { messages: Array<{ from: string }> };
    return messages.filter((m) => m.from === 'bot').length;
  }

  /** True when the element lies wholly inside the viewport. */
  async function inView(target: Page, selector: string): Promise<boolean> {
    return target.locator(selector).last().evaluate((node) => {
      const box = node.getBoundingClientRect();
      return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
    });
  }

  it('keeps the message box and the newest message in view after 30 messages, on a laptop and on a phone', async () => {
    // Prepare: 15 exchanges (30 messages) in Bob's chat.
    const repliesBefore = await botReplies();
    for (let i = 1; i <= 15; i++) await userWrites(`note ${i} without a time`);
    await expect.poll(botReplies, { timeout: 30_000 }).toBe(repliesBefore + 15);

    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      // Act
      const view = await browser.newPage({ viewport, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
      try {
        await view.goto(`${stack.urls.chat}/?chat=${CHAT}`);
        const log = view.getByRole('log', { name: 'Messages' });
        await expect.poll(() => log.locator('.message').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(30);

        // Assess: one screen tall, the box and the newest bubble visible.
        expect(await view.evaluate(() => document.documentElement.scrollHeight), `${viewport.width}×${viewport.height}`).toBeLessThanOrEqual(viewport.height);
        expect(await inView(view, '#composer-input'), `box at ${viewport.width}×${viewport.height}`).toBe(true);
        await expect.poll(() => inView(view, '.message'), { timeout: 5_000 }).toBe(true);

        // Act: scrolled up to read, a new message does not pull the page down…
        await view.locator('#messages-wrap').evaluate((node) => {
          node.scrollTop = 0;
          node.dispatchEvent(new Event('scroll'));
        });
        const count = await log.locator('.message').count();
        await userWrites('one more without a time');
        await expect.poll(() => log.locator('.message').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(count + 2);
        expect(await view.locator('#messages-wrap').evaluate((node) => node.scrollTop)).toBe(0);

        // …and sending from the box brings the newest message back into view.
        await view.getByRole('textbox', { name: 'Message' }).fill('list');
        await view.getByRole('textbox', { name: 'Message' }).press('Enter');
        await expect.poll(() => log.locator('.message').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(count + 4);
        await expect.poll(() => inView(view, '.message'), { timeout: 5_000 }).toBe(true);
      } finally {
        await view.close();
      }
    }
    expect(pageErrors).toEqual([]);
  });

  it('bubble times use the bot\'s 24-hour clock', async () => {
    const view = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'America/New_York' });
    try {
      await view.goto(`${stack.urls.chat}/?chat=${CHAT}`);
      await view.locator('.message time').last().waitFor();
      const { messages } = (await (await fetch(`${stack.urls.chat}/user/${CHAT}/messages`)).json()) as { messages: Array<{ received_at: number }> };
      const newest = messages.at(-1)?.received_at ?? 0;

      const time = await view.locator('.message time').last().textContent();

      // The stack's zone is Europe/Berlin; an en-US browser in New York would otherwise say "03:04 PM".
      const expected = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Berlin' }).format(new Date(newest));
      expect(time?.trim()).toBe(expected);
    } finally {
      await view.close();
    }
  });

  it('says Nudge is not running when it stops, and shows the same conversation after a restart', async () => {
    // Prepare
    await page.goto(`${stack.urls.chat}/?chat=${CHAT}`);
    const log = page.getByRole('log', { name: 'Messages' });
    await expect.poll(() => log.locator('.message').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(34);
    const before = await log.locator('.message .text').allTextContents();
    const chatPort = Number(new URL(stack.urls.chat!).port);

    // Act: stop Nudge, then try to send.
    await stack.stop();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('are you there');
    await box.press('Enter');

    // Assess: a sentence that says what to do, and the text is kept.
    await expect.poll(() => page.locator('#send-error').textContent(), { timeout: 5_000 }).toContain('Nudge is not running — start it with npm start');
    // The page's own refresh may show the sentence before the send's answer comes back: wait for the send.
    await expect.poll(() => box.inputValue(), { timeout: 5_000 }).toBe('are you there');

    // Act: start again on the same data folder and port; reload.
    stack = await startLocalStack({ dataDir, clock, defaultTimezone: 'Europe/Berlin', ports: { chat: chatPort } });
    await page.goto(`${stack.urls.chat}/?chat=${CHAT}`);

    // Assess: the conversation is back.
    await expect.poll(() => log.locator('.message').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(34);
    expect(await log.locator('.message .text').allTextContents()).toEqual(before);
  });
});

async function screenshotPath(): Promise<string> {
  await mkdir('test-results', { recursive: true });
  return SCREENSHOT;
}
