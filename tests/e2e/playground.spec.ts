// End-to-end tests of the playground page, run in a real Chromium against the
// release build served under /courses/ds/playground/.
//
// Every test also checks, when it ends, that the page loaded nothing from
// another origin, that no request failed, and that nothing was logged as an
// error in the console or thrown as an uncaught page error.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { APP, watchEveryPage } from './watch';

const REPO = path.resolve(__dirname, '..', '..');

const ALGORITHMS = [
  'round-robin',
  'weighted-round-robin',
  'random',
  'least-connections',
  'power-of-two',
  'client-hash',
];

watchEveryPage(test);

test.beforeEach(async ({ page }) => {
  await page.goto(APP);
  // The app has mounted once its controls are on screen.
  await expect(page.locator('#add-server')).toBeVisible();
});

const servers = (page: Page) => page.locator('g.server-node');

// Reads a metric such as "12,345" as a whole number.
async function readInt(page: Page, selector: string): Promise<number> {
  const text = (await page.locator(selector).textContent()) ?? '';
  const digits = text.replace(/[^0-9]/g, '');
  expect(digits, `${selector} should show a number, got "${text}"`).not.toBe('');
  return parseInt(digits, 10);
}

test('page has every control and readout the UI promises', async ({ page }) => {
  await expect(page.locator('button#add-server')).toHaveText(/add server/i);
  await expect(page.locator('button#remove-server')).toBeVisible();
  await expect(page.locator('button#play-pause')).toBeVisible();
  await expect(page.locator('button#step')).toBeVisible();
  await expect(page.locator('select#speed')).toBeVisible();
  await expect(page.locator('input#arrival-rate')).toHaveAttribute('type', /^(range|number)$/);

  const algorithm = page.locator('select#algorithm');
  await expect(algorithm).toBeVisible();
  await expect(page.locator('label[for="algorithm"]')).toHaveCount(1);
  const values = await algorithm.locator('option').evaluateAll((os) =>
    os.map((o) => (o as HTMLOptionElement).value),
  );
  expect(values.sort()).toEqual([...ALGORITHMS].sort());

  for (const id of ['metric-served', 'metric-throughput', 'metric-servers', 'metric-p95']) {
    await expect(page.locator(`#${id}`)).toBeVisible();
  }
  await expect(page.locator('canvas#particles')).toBeAttached();
  await expect(page.locator('#caption')).toHaveAttribute('aria-live', 'polite');

  const n = await servers(page).count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    await expect(servers(page).nth(i)).toHaveAttribute('aria-label', /\S/);
  }
  expect(await readInt(page, '#metric-servers')).toBe(n);
});

test('"Add server" adds a server node', async ({ page }) => {
  const before = await servers(page).count();
  await page.locator('#add-server').click();
  await expect(servers(page)).toHaveCount(before + 1);
  await expect.poll(() => readInt(page, '#metric-servers')).toBe(before + 1);
});

test('pressing Enter on the focused "Add server" button adds a server', async ({ page }) => {
  const before = await servers(page).count();
  await page.locator('#add-server').focus();
  await expect(page.locator('#add-server')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(servers(page)).toHaveCount(before + 1);
});

test('choosing least-connections switches the algorithm', async ({ page }) => {
  await page.locator('#algorithm').selectOption('least-connections');
  await expect(page.locator('#algorithm')).toHaveValue('least-connections');
  await expect(page.locator('#metric-algorithm')).toContainText(/least/i);
});

test('the simulation serves requests over time', async ({ page }) => {
  // If the page starts paused (its button offers "Play"), start it.
  const toggle = page.locator('#play-pause');
  const label = `${await toggle.getAttribute('aria-label') ?? ''} ${await toggle.textContent() ?? ''}`;
  if (/\bplay\b/i.test(label) && !/pause/i.test(label)) await toggle.click();

  const first = await readInt(page, '#metric-served');
  await expect
    .poll(() => readInt(page, '#metric-served'), { timeout: 15_000 })
    .toBeGreaterThan(first);
});

test('no serious or critical accessibility problems', async ({ page }) => {
  const serious = async () => (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  expect(await serious()).toEqual([]);
  // The failures topic, with a server selected and crashed, too.
  await page.locator('g.server-node').nth(1).locator('rect.box').click();
  await page.locator('#tab-failures').click();
  await page.locator('#crash-server').click();
  await expect(page.locator('g.server-node').nth(1)).toHaveAttribute('aria-label', /down/);
  expect(await serious()).toEqual([]);
  // And on a phone, where the tables scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await serious()).toEqual([]);
});

test('on a phone the stage flows down and shows every tier without scrolling sideways (screenshot)', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(500);
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  const right = async (selector: string) =>
    page.locator(selector).evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
  for (const selector of ['g.server-node', 'g.db-node', '.stage svg']) {
    expect(await right(selector), `${selector} within the window`).toBeLessThanOrEqual(width);
  }
  const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  expect(scrolls, 'the page does not scroll sideways').toBe(false);
  // The database sits below the servers.
  const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!.y;
  expect(await top('g.db-node')).toBeGreaterThan(await top('g.server-node'));
  await page.locator('.stage').screenshot({ path: path.join(REPO, 'target', 'e2e', 'phone-stage.png') });
});

test('screenshot at 1280x800', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // Let the simulation run a moment so the picture shows traffic.
  await page.waitForTimeout(2_000);
  const out = path.join(REPO, 'target', 'e2e', 'playground.png');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.copyFileSync(out, path.join(REPO, 'static', 'screenshot.png'));
  }
});

test('the autoscaler holds a steady fleet under a steady load (screenshot)', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 1100 });
  await page.fill('#arrival-rate-exact', '60');
  await page.press('#arrival-rate-exact', 'Enter');
  await page.locator('#autoscale').check();
  await page.locator('#speed').selectOption('16');
  // 60 req/s needs ceil(6 busy workers / 0.7) = 9 workers: 5 small servers. Let it settle for
  // about 200 simulated seconds, then watch the fleet for 80 more: it must not move.
  const simulated = async () => parseFloat(((await page.locator('#metric-time').textContent()) ?? '').replace(/[^0-9.]/g, ''));
  await expect.poll(simulated, { timeout: 60_000 }).toBeGreaterThan(200);
  const settled = await readInt(page, '#metric-servers');
  expect(settled).toBe(5);
  const until = (await simulated()) + 80;
  while ((await simulated()) < until) {
    expect(await readInt(page, '#metric-servers')).toBe(settled);
    await page.waitForTimeout(250);
  }
  const out = path.join(REPO, 'target', 'e2e', 'autoscaler-steady.png');
  await page.screenshot({ path: out, fullPage: true });
});

test('ten servers with no link crossing another server (screenshot)', async ({ page }) => {
  for (let i = 0; i < 8; i++) await page.locator('#add-server').click();
  await expect(servers(page)).toHaveCount(10);
  await page.fill('#arrival-rate-exact', '150');
  await page.press('#arrival-rate-exact', 'Enter');
  await page.waitForTimeout(2_000);
  const out = path.join(REPO, 'target', 'e2e', 'ten-servers.png');
  await page.locator('.stage').screenshot({ path: out });
});

test('cards and chart legends agree, and cards keep their size as values change', async ({ page }) => {
  await page.fill('#arrival-rate-exact', '300');
  await page.press('#arrival-rate-exact', 'Enter');
  await page.locator('#autoscale').check();
  await page.locator('#speed').selectOption('4');
  const cards = page.locator('.numbers > div');
  const boxes = async () => (await cards.evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return `${Math.round(r.width)}x${Math.round(r.height)}`;
  }))).join(' ');
  const chartsTop = () => page.locator('.charts').evaluate((e) => Math.round(e.getBoundingClientRect().top + window.scrollY));
  const firstBoxes = await boxes();
  const firstTop = await chartsTop();
  for (let i = 0; i < 16; i++) {
    await page.waitForTimeout(250);
    expect(await boxes(), 'card sizes').toBe(firstBoxes);
    expect(await chartsTop(), 'charts moved').toBe(firstTop);
    // Read both in one go, so a re-render cannot fall between them.
    const [card, legend, util, utilLegend, up, upLegend] = await page.evaluate(() => {
      const text = (s: string) => document.querySelector(s)?.textContent?.trim() ?? '';
      return [
        text('#metric-throughput'), text('.chart-legend .swatch.served'),
        text('#metric-utilization'), text('.chart-legend .swatch.utilization'),
        text('#metric-servers'), text('.chart-legend .swatch.servers'),
      ];
    });
    expect(legend).toBe(`served: ${card} req/s`);
    expect(utilLegend).toBe(`busy: ${util}`);
    expect(upLegend).toBe(`up: ${up}`);
  }
  // The run dropped requests and booted servers, so the long texts were there to test.
  expect(await readInt(page, '#metric-dropped')).toBeGreaterThan(0);
});
