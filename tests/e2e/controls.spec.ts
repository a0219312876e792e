// End-to-end tests of what the controls tell the learner: shortcuts that never scroll the page
// or log errors, Step that says what it did, Replay that replays the setup, disabled buttons
// that say why, and a paused state that shows.
//
// Every test fails on a console error, an uncaught page error, a failed request or a request to
// another origin (see watch.ts).
import { test, expect, type Page } from '@playwright/test';
import { APP, watchEveryPage } from './watch';

const watching = watchEveryPage(test);

async function open(page: Page) {
  await page.goto(APP);
  await expect(page.locator('#add-server')).toBeVisible();
}

const servers = (page: Page) => page.locator('g.server-node');
const simulatedSeconds = async (page: Page) =>
  parseFloat(((await page.locator('#metric-time').textContent()) ?? '').replace(/[^0-9.]/g, ''));

async function pause(page: Page) {
  if ((await page.locator('#play-pause').textContent())?.trim() === 'Pause') {
    await page.locator('#play-pause').click();
  }
  await expect(page.locator('#play-pause')).toHaveText('Play');
}

test('every shortcut works without scrolling the page or logging an error', async ({ page }) => {
  // A short window, so the page is taller than it and a stray Space would scroll it.
  await page.setViewportSize({ width: 1000, height: 500 });
  await open(page);
  const scrollable = await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight);
  expect(scrollable, 'the page must be taller than the window for this test to mean anything').toBe(true);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const keys = [' ', ' ', '.', '+', '=', '-', 'f', 'F', 'k', 'k', '1', '2', '3', '4', '5', '6'];
  for (const key of keys) {
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    expect(await page.evaluate(() => window.scrollY), `after pressing ${JSON.stringify(key)}`).toBe(0);
  }
  await expect(page.locator('#metric-algorithm')).toHaveText('Client hash (sticky)');
});

test('Step says which event it ran and when', async ({ page }) => {
  await open(page);
  await page.locator('#step').click();
  await expect(page.locator('#play-pause')).toHaveText('Play');
  const note = page.locator('#step-note');
  await expect(note).toHaveText(/^Step: \d+\.\d{6} s: \S.+/);
  const first = (await note.textContent()) ?? '';
  await page.locator('#step').click();
  await expect(note).not.toHaveText(first);
  await expect(note).toHaveText(/request #\d+|server \d+|second \d+|flash crowd/);
  // The time in the note is the playground's simulated time.
  const noted = parseFloat(((await note.textContent()) ?? '').replace(/^Step: ([0-9.]+) s:.*/s, '$1'));
  expect(Math.abs(noted - (await simulatedSeconds(page)))).toBeLessThan(0.1);
});

test('Replay starts again with the same changes at the same times', async ({ page }) => {
  await open(page);
  await page.locator('#speed').selectOption('4');
  await page.locator('#add-large-server').click();
  await expect(servers(page)).toHaveCount(3);
  const addedAt = await simulatedSeconds(page);
  await page.locator('#algorithm').selectOption('least-connections');
  await expect.poll(() => simulatedSeconds(page)).toBeGreaterThan(addedAt + 2);
  await page.locator('#replay').click();
  await expect(page.locator('#run-note')).toContainText('with your 2 changes at the same simulated times');
  // From 0 s: the default two servers and round robin, until the changes come round again.
  await expect(page.locator('#metric-algorithm')).toHaveText(/Round robin|Least connections/);
  await expect.poll(() => simulatedSeconds(page)).toBeGreaterThan(addedAt + 1);
  await expect(servers(page)).toHaveCount(3);
  await expect(page.locator('#metric-algorithm')).toHaveText('Least connections');
  await expect(page.locator('#replay-help')).toContainText('your 2 changes');

  // New run: a new seed, the same scenario and no changes.
  await page.locator('#new-run').click();
  await expect(page.locator('#run-note')).toContainText('the same scenario, no changes');
  await expect(servers(page)).toHaveCount(2);
  await expect(page.locator('#metric-algorithm')).toHaveText('Round robin');
});

test('a disabled button says why', async ({ page }) => {
  await open(page);
  await pause(page);
  // With two servers, removing one leaves the last one, which cannot go.
  await page.locator('#remove-server').click();
  await page.locator('#play-pause').click();
  await expect(page.locator('#remove-server')).toBeDisabled({ timeout: 15_000 });
  await expect(page.locator('#why-remove')).toHaveText(/last server taking traffic cannot be removed/);
  await expect(page.locator('#remove-server')).toHaveAttribute('aria-describedby', 'why-remove');
  await page.locator('#add-server').click();
  await expect(page.locator('#remove-server')).toBeEnabled();
  await expect(page.locator('#why-remove')).toHaveText('');

  await page.locator('#burst').click();
  await expect(page.locator('#burst')).toBeDisabled();
  await expect(page.locator('#why-burst')).toHaveText(/flash crowd is under way until \d+\.\d s/);
});

test('with reduced motion the page starts paused, and the paused text goes once playing', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  await watching.page(page);
  await open(page);
  await expect(page.locator('#play-pause')).toHaveText('Play');
  await expect(page.locator('#caption')).toContainText(/paused/i);
  await page.locator('#play-pause').click();
  await expect(page.locator('#play-pause')).toHaveText('Pause');
  await expect(page.locator('#caption')).not.toContainText(/paused/i);
  await context.close();
});

test('with reduced motion no dot moves: links are as thick as their share of the traffic, with the count on them', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  await watching.page(page);
  await open(page);
  await expect(page.locator('#flow-key')).toContainText('no moving dots');
  await expect(page.locator('.still-link')).toHaveCount(2);
  await page.locator('#play-pause').click();
  // Once a simulated second has closed, every server's link carries its count.
  await expect(page.locator('.flow-count').first()).toHaveText(/^[1-9][\d,]*\/s$/, { timeout: 10_000 });
  const counts = await page.locator('.flow-count').allTextContents();
  expect(counts).toHaveLength(2);
  // The canvas of moving dots stays blank.
  const painted = await page.locator('.stage canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return 0;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  });
  expect(painted).toBe(0);
  await context.close();
});

test('the stage itself shows when time is paused', async ({ page }) => {
  await open(page);
  await pause(page);
  const badge = page.locator('.stage .paused-badge');
  await expect(badge).toBeVisible();
  await expect(badge).toContainText('Paused');
  await expect(page.locator('.stage svg[aria-label="System topology, paused"]')).toHaveCount(1);
  // Changing something while paused leaves the badge up; playing takes it away.
  await page.locator('#add-server').click();
  await expect(badge).toBeVisible();
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Space');
  await expect(badge).toHaveCount(0);
  await expect(page.locator('#play-pause')).toHaveText('Pause');
});

test('crash a server: it stays in rotation until the health checks catch it, then rejoins after a restore', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page);
  // Three servers, so the two left carry the load without overflowing.
  await page.locator('#add-server').click();
  await page.locator('#speed').selectOption('4');
  const glyph = page.locator('g.server-node').nth(1);
  await glyph.locator('rect.box').click();
  // The failure controls are a topic of their own.
  await expect(page.locator('#crash-server')).toBeHidden();
  // The arrow keys move between the tabs, as in any tab list.
  await page.locator('#tab-scale').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#tab-failures')).toBeFocused();
  await expect(page.locator('#tab-failures')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#crash-server')).toHaveText('Crash server 1');
  await page.locator('#crash-server').click();
  await expect(glyph).toHaveAttribute('aria-label', /down, still in rotation/);
  await expect(page.locator('#caption')).toContainText(/absent/);
  // Three missed checks, two seconds apart, then the balancer routes around it.
  await expect(glyph).toHaveAttribute('aria-label', /down, out of rotation/, { timeout: 20_000 });
  await expect(page.locator('#caption')).toContainText(/out of rotation/);
  expect(await readFailed(page)).toBeGreaterThan(0);
  await expect(page.locator('#restore-server')).toBeEnabled();
  await page.locator('#restore-server').click();
  await expect(glyph).toHaveAttribute('aria-label', /booting/);
  await expect(glyph).not.toHaveAttribute('aria-label', /down|booting|rejoining/, { timeout: 30_000 });
  await expect(page.locator('#caption')).toContainText(/back in rotation/);
});

async function readFailed(page: Page): Promise<number> {
  return parseInt(((await page.locator('#metric-failed').textContent()) ?? '').replace(/[^0-9]/g, ''), 10);
}

test('chaos crashes servers at random and the page counts what fails', async ({ page }) => {
  test.setTimeout(60_000);
  await open(page);
  await page.locator('#tab-failures').click();
  await page.locator('#chaos').check();
  await expect(page.locator('#caption')).toContainText(/Chaos on/);
  await page.fill('#chaos-mtbf', '5');
  await page.press('#chaos-mtbf', 'Enter');
  await page.locator('#speed').selectOption('16');
  // Crashes every 5 s per server on average: within a minute of simulated time some fail.
  await expect.poll(async () => readFailed(page), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.locator('#chaos').uncheck();
  await expect(page.locator('#chaos-mtbf')).toBeDisabled();
});

test('a hidden page stops the world, and back in view it goes on from where it was', async ({ page }) => {
  await open(page);
  await page.waitForTimeout(1000);
  const setHidden = (hidden: boolean) =>
    page.evaluate((hidden) => {
      Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
      Object.defineProperty(document, 'visibilityState', { value: hidden ? 'hidden' : 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  const away = await simulatedSeconds(page);
  // The headless page still draws frames: only the page's own loop can stop the world.
  await page.waitForTimeout(3000);
  await setHidden(false);
  await page.waitForTimeout(700);
  const back = await simulatedSeconds(page);
  expect(back, 'the world goes on once the page is back in view').toBeGreaterThan(away);
  expect(back - away, 'three seconds away are not simulated, nor caught up at once').toBeLessThan(1.5);
});
