// End-to-end tests of the database tier, through the page as a new learner uses it: a disk
// killed and replaced, its mirror degraded then rebuilt; the primary crashed under asynchronous
// replication, failed over, and the acknowledged writes it took with it counted.
import { test, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { APP, watchEveryPage } from './watch';

const REPO = path.resolve(__dirname, '..', '..');

watchEveryPage(test);

async function open(page: Page) {
  await page.goto(APP);
  await expect(page.locator('#add-server')).toBeVisible();
}

// Reads a card such as "1,234" as a whole number.
async function readInt(page: Page, selector: string): Promise<number> {
  const text = (await page.locator(selector).textContent()) ?? '';
  const digits = text.replace(/[^0-9]/g, '');
  expect(digits, `${selector} should show a number, got "${text}"`).not.toBe('');
  return parseInt(digits, 10);
}

const disk = (page: Page, n: number) => page.getByRole('button', { name: new RegExp(`^Disk ${n} of the primary`) });
const primary = (page: Page) => page.getByRole('group', { name: /^Database node \d+, primary/ });

test('kill a disk: the mirror carries on degraded; replace it and watch the rebuild finish', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page);
  // The database and its disks are there from the first page.
  await expect(disk(page, 0)).toBeVisible();
  await expect(disk(page, 0)).toHaveAccessibleName(/healthy\. Press to fail it/);
  await disk(page, 0).click();
  await expect(disk(page, 0)).toHaveAccessibleName(/failed\. Press to replace it/);
  await expect(primary(page)).toHaveAccessibleName(/1 of 2 disks healthy/);
  await expect(page.locator('#caption')).toContainText(/backup disk/);
  await expect(page.locator('#caption')).toContainText(/degraded/);
  // Nothing is lost while a healthy disk is left.
  expect(await readInt(page, '#metric-lost')).toBe(0);
  await page.screenshot({ path: path.join(REPO, 'target', 'e2e', 'disk-degraded.png') });

  await disk(page, 0).click();
  await expect(disk(page, 0)).toHaveAccessibleName(/rebuilding, \d+%/);
  await expect(page.locator('#caption')).toContainText(/rebuilding/i);
  // A 30 s rebuild: fast forward through most of it, then watch its end at 1× (the caption for
  // a finished rebuild stays 8 simulated seconds, half a second at 16×).
  await page.locator('#speed').selectOption('16');
  await expect(disk(page, 0)).toHaveAccessibleName(/rebuilding, [5-9]\d%/, { timeout: 30_000 });
  await page.locator('#speed').selectOption('1');
  await expect(disk(page, 0)).toHaveAccessibleName(/healthy/, { timeout: 30_000 });
  await expect(primary(page)).toHaveAccessibleName(/2 of 2 disks healthy/);
  await expect(page.locator('#caption')).toContainText(/whole again/);
  expect(await readInt(page, '#metric-lost')).toBe(0);
});

test('crash the primary under asynchronous replication: a replica takes over and the lost writes are counted', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  // Ten servers at 150 req/s: about 30 writes a second, so a 200 ms lag holds several.
  for (let i = 0; i < 8; i++) await page.locator('#add-server').click();
  await page.fill('#arrival-rate-exact', '150');
  await page.press('#arrival-rate-exact', 'Enter');
  await page.locator('#tab-failures').click();
  await expect(page.locator('#replication-async')).toBeChecked();
  await page.locator('#speed').selectOption('4');
  await expect.poll(async () => readInt(page, '#metric-writes'), { timeout: 20_000 }).toBeGreaterThan(100);

  // A loss is all but certain (no write within the lag happens about once in 400 runs); if a
  // failover loses nothing, the new primary is crashed in its turn.
  for (let attempt = 0; attempt < 3 && (await readInt(page, '#metric-lost')) === 0; attempt++) {
    const node = (await primary(page).getAttribute('aria-label'))!.match(/^Database node (\d+)/)![1];
    await page.locator(`#db-node-${node}`).click();
    await expect(page.locator('#caption')).toContainText(/crashed/);
    await expect(page.locator('#db-failover')).toContainText(/failover in/);
    // After the 10 s failover timeout the replica is promoted.
    await expect(page.locator('#caption')).toContainText(/Failover: node \d+ is the primary/, { timeout: 30_000 });
    await expect(primary(page)).not.toHaveAccessibleName(new RegExp(`^Database node ${node},`));
    // The old primary comes back as a replica and catches up.
    await page.locator(`#db-node-${node}`).click();
    await expect(page.getByRole('group', { name: new RegExp(`^Database node ${node}, replica`) })).toBeVisible();
  }
  const lost = await readInt(page, '#metric-lost');
  expect(lost).toBeGreaterThan(0);
  // The card names keys, and the writes keep coming on the new primary.
  await expect(page.locator('div.card', { has: page.locator('#metric-lost') })).toContainText(/key/);
  const written = await readInt(page, '#metric-writes');
  await expect.poll(async () => readInt(page, '#metric-writes'), { timeout: 20_000 }).toBeGreaterThan(written);
  await page.screenshot({ path: path.join(REPO, 'target', 'e2e', 'failover-async.png') });
});
