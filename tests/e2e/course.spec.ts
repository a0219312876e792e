// End-to-end tests of embedding the playground in a course page. The example lesson
// (embed-example.html) is served from the course site and embeds the playground from the
// playground's own site twice: it hears `ready` and `height` from both frames, loads scenarios by
// name and whole, adds a server, pauses and plays, all through postMessage. The same lesson served
// from a foreign site, its frames told to answer only the course site, sends the same requests and
// nothing in the frames changes; each frame logs that it ignored them. Embedded alone in a small
// window, the playground shows its stage and its controls without scrolling sideways, and only the
// groups of controls its address names. The lesson and the playground in its frames have no
// serious accessibility problems.
//
// Every test also fails on a Content Security Policy violation in any frame, a console error, or a
// request to a site it does not name (see watch.ts).
import { test, expect, type FrameLocator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { APP, COURSE, FOREIGN, ORIGIN, watchEveryPage } from './watch';

const watching = watchEveryPage(test);

/** The playground's address on its own site. */
const PLAYGROUND = `${ORIGIN}${APP}index.html`;
/** How the playground starts a console warning about a message it did not obey. */
const IGNORED = 'Distributed Systems Playground: ignored a message';

/** The example lesson on `site`, embedding the playground at `playground`. */
const lesson = (site: string, playground = PLAYGROUND) =>
  `${site}${APP}embed-example.html?playground=${encodeURIComponent(playground)}`;

const servers = (frame: FrameLocator) => frame.locator('g.server-node');

/** The last height the playground in exercise `id` announced, as the lesson's log shows it. */
async function lastHeight(page: Page, id: string): Promise<string | null> {
  const text = (await page.locator(`#${id}-log li.height`).last().textContent()) ?? '';
  return /^height: (\d+) px$/.exec(text)?.[1] ?? null;
}

test('a course page on another site hears from both frames and steers them with messages', async ({ page }) => {
  test.setTimeout(90_000);
  watching.allow(COURSE);
  await page.goto(lesson(COURSE));
  await expect(page).toHaveTitle('Failover and floods: a lesson');
  const failover = page.frameLocator('#failover-frame');
  const flood = page.frameLocator('#flood-frame');

  // Both frames say they are ready, with the scenario their address names, and how tall they are;
  // the lesson makes each frame that tall.
  for (const [id, scenario] of [['failover', 'failover-sync'], ['flood', 'http-flood']]) {
    const log = page.locator(`#${id}-log`);
    await expect(log.locator('li.ready')).toHaveCount(1, { timeout: 30_000 });
    await expect(log.locator('li.ready')).toContainText(`ready: version 1, ${scenario}, seed `);
    await expect(log.locator('li.height').first()).toBeVisible();
    await expect.poll(async () => {
      const announced = await lastHeight(page, id);
      const frame = await page.locator(`#${id}-frame`).getAttribute('height');
      return announced !== null && announced === frame && Number(frame) > 300 && Number(frame) < 5000;
    }, { message: `#${id}-frame follows the playground's height` }).toBe(true);
  }
  const box = await page.locator('#failover-frame').boundingBox();
  expect(box?.height).toBe(Number(await lastHeight(page, 'failover')));

  // Each frame is the embedded playground, with the controls and captions its address asks for.
  await expect(failover.locator('.embed-bar a')).toHaveText('Open the whole playground ↗');
  await expect(failover.locator('fieldset.run')).toHaveCount(0);
  await expect(failover.locator('[role=tab]')).toHaveCount(1);
  await expect(failover.locator('#tab-failures')).toBeVisible();
  await expect(failover.locator('#replication-sync')).toBeChecked();
  await expect(servers(failover)).toHaveCount(3);
  await expect(flood.locator('[role=tab]')).toHaveCount(1);
  await expect(flood.locator('#tab-attacks')).toBeVisible();
  await expect(flood.locator('#caption')).toHaveCount(0);
  await expect(servers(flood)).toHaveCount(4);

  // Load a bundled scenario by name: the playground says it loaded it, and shows it.
  await page.locator('#failover-load').click();
  await expect(page.locator('#failover-log li.loaded')).toContainText('loaded: failover-async, seed 5');
  await expect(failover.locator('#replication-async')).toBeChecked();
  await expect(servers(failover)).toHaveCount(3);

  // Load a scenario the lesson sends whole: two servers instead of four.
  await page.locator('#flood-load').click();
  await expect(page.locator('#flood-log li.loaded')).toContainText('seed 8');
  await expect(servers(flood)).toHaveCount(2);

  // Add a server: the frame shows it, and the lesson hears the event by its name.
  await page.locator('#failover-add').click();
  await expect(servers(failover)).toHaveCount(4);
  await expect(page.locator('#failover-log li.event[data-name="server-added"]')).toHaveCount(1);
  await expect(page.locator('#failover-log li.event[data-name="server-added"]')).toContainText(/^event server-added: \d+(\.\d+)? s: server \d+ \(small\) added/);
  // The failover frame shows captions, so the lesson hears them too.
  await expect(page.locator('#failover-log li.caption').first()).toContainText(/^caption: \S/);

  // Pause and play: the frame's own button follows, and the playground says so.
  const playPause = failover.locator('#play-pause');
  await page.locator('#failover-pause').click();
  await expect(playPause).toHaveText('Play');
  await expect(page.locator('#failover-log li.state').last()).toContainText('state: paused at ');
  const pausedAt = await failover.locator('#metric-time').textContent();
  await page.locator('#failover-play').click();
  await expect(playPause).toHaveText('Pause');
  await expect(page.locator('#failover-log li.state').last()).toContainText('state: playing at ');
  await expect(failover.locator('#metric-time')).not.toHaveText(pausedAt ?? '');
  // The other frame was not touched: it still plays.
  await expect(flood.locator('#play-pause')).toHaveText('Pause');
});

test('the lesson and the playground in its frames have no serious or critical accessibility problems', async ({ page }) => {
  watching.allow(COURSE);
  await page.goto(lesson(COURSE));
  await expect(page.locator('#failover-log li.ready')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('#flood-log li.ready')).toHaveCount(1);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  expect(serious).toEqual([]);
});

test('a page on a site the playground does not answer sends the same requests and nothing changes', async ({ page }) => {
  test.setTimeout(90_000);
  watching.allow(FOREIGN);
  const ignored: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' && m.text().startsWith(IGNORED)) ignored.push(m.text());
  });
  // With reduced motion the playground starts paused, so a Play that worked would show.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // The lesson copied to the foreign site, its frames told to answer the course site only.
  await page.goto(lesson(FOREIGN, `${PLAYGROUND}?origins=${encodeURIComponent(COURSE)}`));
  const failover = page.frameLocator('#failover-frame');
  await expect(failover.locator('.embed-bar a')).toBeVisible({ timeout: 30_000 });
  await expect(failover.locator('#replication-sync')).toBeChecked();
  await expect(servers(failover)).toHaveCount(3);
  await expect(failover.locator('#play-pause')).toHaveText('Play');
  const time = await failover.locator('#metric-time').textContent();
  const served = await failover.locator('#metric-served').textContent();

  for (const id of ['failover-play', 'failover-add', 'failover-load', 'failover-pause']) {
    await page.locator(`#${id}`).click();
  }
  // The playground read each request and ignored it, naming the site it came from.
  await expect.poll(() => ignored.length).toBe(4);
  for (const warning of ignored) expect(warning).toContain(FOREIGN);

  await expect(failover.locator('#play-pause')).toHaveText('Play');
  await expect(servers(failover)).toHaveCount(3);
  await expect(failover.locator('#replication-sync')).toBeChecked();
  await expect(failover.locator('#metric-time')).toHaveText(time ?? '');
  await expect(failover.locator('#metric-served')).toHaveText(served ?? '');
  // The playground's own messages go to the course site only, so this page hears nothing.
  await expect(page.locator('#failover-log li')).toHaveCount(0);
  await expect(page.locator('#flood-log li')).toHaveCount(0);
});

test('embedded in a 640×400 window, the stage and the controls fit without scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 400 });
  await page.goto(`${APP}?embed=1`);
  await expect(page.locator('.app.embed')).toBeVisible();
  await expect(page.locator('.embed-bar a')).toHaveText('Open the whole playground ↗');
  await expect(page.locator('header')).toHaveCount(0);
  await expect(page.locator('fieldset.run')).toHaveCount(0);
  for (const selector of ['.stage', '#play-pause', '#add-server', '[role=tablist]']) {
    await expect(page.locator(selector)).toBeVisible();
    const box = await page.locator(selector).boundingBox();
    expect(box, selector).not.toBeNull();
    expect(box!.x, `${selector} starts inside the window`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${selector} ends inside the window`).toBeLessThanOrEqual(640);
  }
  await expect(page.locator('g.server-node')).toHaveCount(2);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(widths[0], 'the page scrolls sideways').toBeLessThanOrEqual(widths[1]);
  // The link out opens the same playground whole.
  const whole = new URL((await page.locator('.embed-bar a').getAttribute('href')) ?? '', page.url());
  expect(whole.pathname).toBe(APP);
  expect(whole.searchParams.has('embed')).toBe(false);
});

test('controls=failures shows only the failures tab', async ({ page }) => {
  await page.goto(`${APP}?embed=1&controls=failures`);
  await expect(page.locator('#tab-failures')).toBeVisible();
  await expect(page.locator('[role=tab]')).toHaveCount(1);
  for (const other of ['#tab-scale', '#tab-attacks', '#tab-security']) {
    await expect(page.locator(other)).toHaveCount(0);
  }
  await expect(page.locator('#panel-failures')).toBeVisible();
  await expect(page.locator('#caption')).toBeVisible();
  const whole = new URL((await page.locator('.embed-bar a').getAttribute('href')) ?? '', page.url());
  expect(whole.searchParams.get('controls')).toBe('failures');
});
