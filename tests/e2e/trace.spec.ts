// End-to-end tests of the edge on the stage and of following one request's trace.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { APP, watchEveryPage } from './watch';

const REPO = path.resolve(__dirname, '..', '..');

watchEveryPage(test);

test.beforeEach(async ({ page }) => {
  await page.goto(APP);
  await expect(page.locator('#add-server')).toBeVisible();
});

test('the edge stands on the way in and says its state; no botnet without an attack', async ({ page }) => {
  const edge = page.locator('g.node.edge');
  await expect(edge).toHaveAttribute('role', 'img');
  await expect(edge).toHaveAttribute('aria-label', /^Edge: no defences on; blocking .* requests per second; .* of 1,024 connection slots held/);
  await expect(edge.locator('text', { hasText: 'no defences' })).toHaveCount(1);
  await expect(page.locator('g.node.botnet')).toHaveCount(0);
  await expect(page.locator('#follow-bot')).toHaveCount(0);
  // The clients' links run into the edge's shield, then on to the balancer.
  await expect(page.locator('.stage svg[role="group"] > polyline.link')).not.toHaveCount(0);
});

test('following a user\'s request shows its source, checks and ending, and Escape stops it', async ({ page }) => {
  await page.waitForTimeout(1_000);
  await page.locator('#follow-user').click();
  const status = page.locator('#trace-status');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  // 200 of the page's users share one address behind a NAT (100.64.0.0); the rest have their own.
  await expect(status).toHaveText(/^Following request [\d,]+ from user \d+( behind the NAT)?: /);
  await expect(page.locator('.trace-facts')).toContainText(/user \d+( behind the NAT)?, address (198\.1[89]|100\.64)\.\d+\.\d+/);
  // Once it reaches the edge, its connection is opened; then it is served.
  await expect(page.locator('.trace-checks li').first()).toHaveText('connection: opened');
  // With authentication on, the app's answer is part of it ("its response, 200 OK to /orders, came back").
  await expect(status).toHaveText(/served: its response(, \d{3} [A-Za-z ]+ to \/[a-z]+,)? came back [\d.,]+ (ms|s) after it was sent\.$/, { timeout: 15_000 });
  await expect(page.locator('.trace-facts')).toContainText(/user \d+( behind the NAT)? → edge → balancer → server \d+/);
  const serious = (await new AxeBuilder({ page }).include('.stage').analyze()).violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.help}`);
  expect(serious).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(status).toHaveText('');
  await expect(page.locator('#stop-following')).toHaveCount(0);
  await expect(page.locator('.trace-facts')).toHaveCount(0);
});

test('on a phone the edge and the trace panel fit the window (screenshot)', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(800);
  await page.locator('#follow-user').click();
  await expect(page.locator('#trace-status')).not.toHaveText('');
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  for (const selector of ['g.node.edge', '.trace-panel']) {
    const right = await page.locator(selector).evaluate((e) => e.getBoundingClientRect().right);
    expect(right, `${selector} within the window`).toBeLessThanOrEqual(width);
  }
  const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  expect(scrolls, 'the page does not scroll sideways').toBe(false);
  // The edge sits between the clients and the balancer.
  const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!.y;
  expect(await top('g.node.edge')).toBeGreaterThan(await top('g.node.clients path.body'));
  expect(await top('g.node.balancer')).toBeGreaterThan(await top('g.node.edge'));
  await page.locator('.stage').screenshot({ path: path.join(REPO, 'target', 'e2e', 'phone-trace.png') });
});
