// End-to-end tests of scenarios in the browser: one named in the address, one picked from the
// bundled list, a file opened from disk and a file dropped on the page all load and show; a broken
// file says where it is broken (line and column, or the field's path) and leaves the run exactly
// as it was; Export saves the run as a scenario file that names its seed.
//
// Every test fails on a console error, an uncaught page error, a Content Security Policy
// violation, a failed request or a request to another origin (see watch.ts).
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { APP, watchEveryPage } from './watch';

watchEveryPage(test);

const servers = (page: Page) => page.locator('g.server-node');
const runSeconds = async (page: Page) =>
  parseFloat(((await page.locator('#run-time').textContent()) ?? '').replace(/[^0-9.]/g, ''));

async function open(page: Page, address = APP) {
  await page.goto(address);
  await expect(page.locator('#play-pause')).toBeVisible();
}

/** The run's moment and fingerprint once paused and the panels have caught up (they follow four
 * times a second): the same twice in a row, half a second apart. */
async function settled(page: Page): Promise<[string, string]> {
  let last = '';
  await expect.poll(async () => {
    const shown = `${await page.locator('#run-time').textContent()}|${await page.locator('#run-digest').textContent()}`;
    const same = shown === last;
    last = shown;
    return same;
  }, { intervals: [500] }).toBe(true);
  const [time, digest] = last.split('|');
  return [time, digest];
}

/** A scenario file of the learner's own: three small servers and a seed. */
const OWN = {
  name: 'three-servers.json',
  text: JSON.stringify({ title: 'Three servers from a file', seed: 77, servers: [{ size: 'small', count: 3 }] }, null, 2),
};

/** The file as Playwright hands it to a file input. */
const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

test('?scenario=hundred-servers shows a hundred servers', async ({ page }) => {
  await open(page, `${APP}?scenario=hundred-servers`);
  await expect(servers(page)).toHaveCount(100, { timeout: 20_000 });
  await expect(page.locator('#scenario-about')).toContainText('A hundred servers');
  await expect(page.locator('.seed')).toContainText('seed 42 ·');
  await expect(page.locator('#scenario-name')).toHaveValue('hundred-servers');
});

test('the picker loads a bundled scenario', async ({ page }) => {
  await open(page);
  await expect(page.locator('#scenario-name')).toHaveValue('playground');
  await page.locator('#scenario-name').selectOption('failover-sync');
  await page.locator('#scenario-load').click();
  await expect(page.locator('#run-note')).toContainText('Loaded Failover with synchronous replication');
  await expect(page.locator('#scenario-about')).toContainText('Failover with synchronous replication');
  await expect(page.locator('.seed')).toContainText('seed 5 ·');
  await expect(servers(page)).toHaveCount(3);
  await page.locator('#tab-failures').click();
  await expect(page.locator('#replication-sync')).toBeChecked();
});

test('a file opened from disk loads, and its title shows', async ({ page }) => {
  await open(page);
  await page.locator('#scenario-file').setInputFiles(file(OWN.name, OWN.text));
  await expect(page.locator('#scenario-about')).toContainText('Three servers from a file');
  await expect(page.locator('.seed')).toContainText('seed 77 ·');
  await expect(servers(page)).toHaveCount(3);
  await expect(page.locator('#caption .problem')).toHaveCount(0);
});

test('a file dropped on the page loads', async ({ page }) => {
  await open(page);
  const dataTransfer = await page.evaluateHandle(({ name, text }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, { type: 'application/json' }));
    return transfer;
  }, OWN);
  await page.dispatchEvent('.app', 'dragover', { dataTransfer });
  await page.dispatchEvent('.app', 'drop', { dataTransfer });
  await expect(page.locator('#scenario-about')).toContainText('Three servers from a file');
  await expect(page.locator('.seed')).toContainText('seed 77 ·');
  await expect(servers(page)).toHaveCount(3);
  await expect(page.locator('.app')).not.toHaveClass(/dropping/);
});

test('a broken file says where it is broken and leaves the run as it was', async ({ page }) => {
  await open(page);
  await page.locator('#add-server').click();
  await expect(servers(page)).toHaveCount(3);
  await page.locator('#play-pause').click();
  await expect(page.locator('#play-pause')).toHaveText('Play');
  const seed = (await page.locator('.seed').textContent())?.replace(/ ·.*/s, '') ?? '';
  expect(seed).toMatch(/^seed \d+$/);
  const [time, digest] = await settled(page);

  const unchanged = async () => {
    await expect(page.locator('.seed')).toContainText(`${seed} ·`);
    await expect(servers(page)).toHaveCount(3);
    await expect(page.locator('#run-time')).toHaveText(time);
    await expect(page.locator('#run-digest')).toHaveText(digest);
  };

  // Not JSON: a comma missing after line 3's array, found at the start of line 4.
  const notJson = '{\n  "title": "Broken",\n  "servers": [{ "size": "small" }]\n  "seed": 3\n}\n';
  await page.locator('#scenario-file').setInputFiles(file('not-json.json', notJson));
  const problem = page.locator('#caption .problem');
  await expect(problem).toHaveText(/^⚠/);
  await expect(problem).toContainText('not-json.json');
  await expect(problem).toContainText(/line 4 column \d+/);
  await unchanged();

  // JSON, but a server size the playground does not have: the field's path says where.
  await page.locator('#scenario-file').setInputFiles(file('wrong-size.json', '{"servers": [{"size": "medium"}]}'));
  await expect(problem).toContainText('wrong-size.json');
  await expect(problem).toContainText('servers[0].size');
  await unchanged();

  // The same run goes on from where it was.
  await page.locator('#play-pause').click();
  await expect.poll(() => runSeconds(page)).toBeGreaterThan(parseFloat(time));
  await expect(page.locator('.seed')).toContainText(`${seed} ·`);
});

test('Export saves the run as a scenario file that names its seed', async ({ page }) => {
  await open(page, `${APP}?scenario=failover-sync`);
  await expect(page.locator('.seed')).toContainText('seed 5 ·');
  await expect(servers(page)).toHaveCount(3);
  await page.locator('#add-server').click();
  await expect(servers(page)).toHaveCount(4);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#scenario-export').click()]);
  expect(download.suggestedFilename()).toBe('failover-sync-seed-5.json');
  await expect(page.locator('#run-note')).toContainText('failover-sync-seed-5.json');
  const saved = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(saved.seed).toBe(5);
  expect(saved.database.replication).toBe('sync');
  // The scenario's own timeline and the learner's change, at the times they happen.
  const types = (saved.timeline as { type: string; at_s: number }[]).map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(['crash-database', 'restore-database', 'add-server']));
});
