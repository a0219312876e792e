// End-to-end tests of shared links: a learner loads a scenario, changes two things, lets time run,
// pauses and presses Share; the link, opened in a browser of its own, replays the same run to the
// same moment and pauses there, with the same fingerprint. A link with a bad part says which part
// is wrong, and the playground runs its own world instead.
//
// Every test fails on a console error, an uncaught page error, a Content Security Policy
// violation, a failed request or a request to another origin (see watch.ts).
import { test, expect, type Page } from '@playwright/test';
import { APP, ORIGIN, watchEveryPage } from './watch';

const watching = watchEveryPage(test);

const servers = (page: Page) => page.locator('g.server-node');
const runSeconds = async (page: Page) =>
  parseFloat(((await page.locator('#run-time').textContent()) ?? '').replace(/[^0-9.]/g, ''));

async function open(page: Page, address: string) {
  await page.goto(address);
  await expect(page.locator('#play-pause')).toBeVisible();
}

test('a shared link opens the same run, replayed to the same moment and paused', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await open(page, APP);
  await page.locator('#scenario-name').selectOption('server-crash');
  await page.locator('#scenario-load').click();
  await expect(page.locator('#run-note')).toContainText('Loaded');
  await expect(page.locator('.seed')).toContainText('seed 11 ·');
  await expect(servers(page)).toHaveCount(4);

  // Two changes, then time runs on past the scenario's crash at 20 s.
  await page.locator('#speed').selectOption('4');
  await page.locator('#add-large-server').click();
  await expect(servers(page)).toHaveCount(5);
  await page.locator('#algorithm').selectOption('least-connections');
  await expect(page.locator('#metric-algorithm')).toHaveText('Least connections');
  await expect.poll(() => runSeconds(page), { timeout: 60_000 }).toBeGreaterThan(22);
  await page.locator('#play-pause').click();
  await expect(page.locator('#play-pause')).toHaveText('Play');

  await page.locator('#share').click();
  const link = await page.locator('#share-link').inputValue();
  expect(page.url(), 'Share puts the link in the address bar').toBe(link);
  const query = new URL(link).searchParams;
  expect(query.get('v')).toBe('1');
  expect(query.get('scenario')).toBe('server-crash');
  expect(query.get('seed')).toBe('11');
  expect(query.get('run'), 'the link carries the changes').toMatch(/^[A-Za-z0-9_-]+$/);
  expect(query.get('t'), 'the link carries the moment').toMatch(/^\d+(\.\d{1,6})?$/);

  // A browser of its own: nothing of the first page's state comes with the link.
  const context = await browser.newContext();
  const shared = await context.newPage();
  await watching.page(shared);
  await open(shared, link);
  await expect(shared.locator('#run-note')).toContainText('Replayed to', { timeout: 30_000 });
  await expect(shared.locator('#play-pause')).toHaveText('Play');
  const time = (await shared.locator('#run-time').textContent()) ?? '';
  const digest = (await shared.locator('#run-digest').textContent()) ?? '';
  expect(digest).toMatch(/^digest [0-9a-f]{16}$/);
  expect(Math.abs(parseFloat(time) - parseFloat(query.get('t')!))).toBeLessThan(0.001);
  expect(await shared.locator('#run-note').textContent()).toContain(`Replayed to ${time}`);
  await expect(servers(shared)).toHaveCount(5);
  await expect(shared.locator('#metric-algorithm')).toHaveText('Least connections');
  // The run it made the link from shows the same moment and the same fingerprint.
  await expect(page.locator('#run-time')).toHaveText(time);
  await expect(page.locator('#run-digest')).toHaveText(digest);
  // And the shared page stays there until Play.
  await expect(shared.locator('#run-time')).toHaveText(time);
  await shared.locator('#play-pause').click();
  await expect.poll(() => runSeconds(shared)).toBeGreaterThan(parseFloat(time));
  await context.close();
});

const timeline = (entries: unknown) => Buffer.from(JSON.stringify(entries)).toString('base64url');

const BAD_LINKS: [string, string, RegExp][] = [
  ['a seed that is not a number', 'seed=twelve', /seed:/],
  ['a run that is not base64url', 'run=%25%25%25', /run:/],
  ['a run with an unknown command', `run=${timeline([{ at_s: 1, type: 'explode' }])}`, /run(\[0\][\w.]*)?:/],
  ['a version from a newer playground', 'v=9', /\bv:/],
];

for (const [what, query, names] of BAD_LINKS) {
  test(`a link with ${what} (?${query}) says so, and the playground runs its own world`, async ({ page }) => {
    await open(page, `${ORIGIN}${APP}?${query}`);
    const problem = page.locator('#caption .problem');
    await expect(problem).toHaveText(/^⚠/);
    await expect(problem).toContainText(names);
    await expect(servers(page)).toHaveCount(2);
    await expect(page.locator('#play-pause')).toHaveText('Pause');
    const start = await runSeconds(page);
    await expect.poll(() => runSeconds(page)).toBeGreaterThan(start + 0.5);
  });
}
