// The guided tour, as a learner walks it: with the keyboard alone, chapter by chapter, to the
// summary, which reads back the numbers of that very run; and a chapter opened by its link.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { APP, watchEveryPage } from './watch';

const watching = watchEveryPage(test);

// Presses Tab until the element matching `selector` has the focus, as a keyboard user gets there.
async function tabTo(page: Page, selector: string, most = 600) {
  for (let i = 0; i < most; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

// How the learner works the page: the keyboard alone, or a finger on a phone.
interface Hand {
  // Activates a button, a link or a glyph.
  press(selector: string): Promise<void>;
  // Checks a radio button or a checkbox.
  check(selector: string): Promise<void>;
  // Picks `value` in a list; `keys` are what a keyboard user presses to reach it.
  choose(selector: string, keys: string[], value: string): Promise<void>;
  // Opens a control tab.
  tab(id: string): Promise<void>;
}

const keyboard = (page: Page): Hand => ({
  async press(selector) {
    await tabTo(page, selector);
    await page.keyboard.press('Enter');
  },
  async check(selector) {
    await tabTo(page, selector);
    await page.keyboard.press('Space');
  },
  async choose(selector, keys) {
    await tabTo(page, selector);
    for (const key of keys) await page.keyboard.press(key);
  },
  // The ARIA tabs pattern: Tab reaches the tab list, the arrows move between tabs.
  async tab(id) {
    await tabTo(page, '[role="tab"][aria-selected="true"]');
    for (let i = 0; i < 4 && !(await page.evaluate((t) => document.activeElement?.id === t, id)); i++) {
      await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('Enter');
  },
});

const finger = (page: Page): Hand => ({
  press: (selector) => page.locator(selector).first().tap(),
  check: (selector) => page.locator(selector).tap(),
  choose: async (selector, _keys, value) => {
    await page.locator(selector).selectOption(value);
  },
  tab: (id) => page.locator(`#${id}`).tap(),
});

// Waits for the open chapter to finish, then moves on.
async function finishAndGoOn(page: Page, hand: Hand, next: string) {
  await expect(page.locator('#tour-status')).toContainText('Done.', { timeout: 90_000 });
  await hand.press('#tour-next');
  await expect(page.locator('#tour-chapter')).toHaveValue(next);
  await expect(page.locator('#tour-status')).toContainText('waiting for you');
}

// Walks the whole tour from its start button to the summary, as the learner does every chapter's
// act with `hand`, and checks what the summary reads back.
async function walk(page: Page, hand: Hand) {
  await hand.press('#tour-start');
  await expect(page.locator('#tour-chapter')).toHaveValue('scaling');
  await expect(page.locator('#tour-status')).toHaveAttribute('aria-live', 'polite');
  // Fast forward: the speed list's last option, 16×.
  await hand.choose('#speed', Array(8).fill('ArrowDown'), '16');
  await expect(page.locator('#speed')).toHaveValue('16');

  // Scaling: predict, then add a server; the prediction is marked once the chapter is done.
  await expect(page.locator('g.server-node')).toHaveCount(1);
  await hand.check('#tour-guess-0');
  await expect(page.locator('#tour-guess-0')).toBeChecked();
  await hand.press('#add-server');
  await expect(page.locator('#tour-status')).toContainText('You added server 1');
  await expect(page.locator('#tour-guess-1')).toBeDisabled();
  await expect(page.locator('#tour-status')).toContainText(/Your prediction(, “fall”, was right| was “fall”; what happened was)/, {
    timeout: 90_000,
  });
  await finishAndGoOn(page, hand, 'load-balancing');

  // Load balancing: least connections (a keyboard user types its first letter).
  await hand.choose('#algorithm', ['l'], 'least-connections');
  await expect(page.locator('#algorithm')).toHaveValue('least-connections');
  await finishAndGoOn(page, hand, 'fault-tolerance');

  // Fault tolerance: select server 1 on the stage, then crash it.
  await hand.press('[aria-label="Select server 1"]');
  await hand.tab('tab-failures');
  await expect(page.locator('#tab-failures')).toHaveAttribute('aria-selected', 'true');
  await hand.press('#crash-server');
  await finishAndGoOn(page, hand, 'redundant-storage');

  // Redundant storage: fail the primary's first disk, on the stage.
  await hand.press('[aria-label^="Disk 0 of the primary"]');
  await finishAndGoOn(page, hand, 'encryption');

  // Encryption: TLS at the balancer.
  await hand.tab('tab-security');
  await hand.choose('#tls-mode', ['a'], 'edge');
  await expect(page.locator('#tls-mode')).toHaveValue('edge');
  await finishAndGoOn(page, hand, 'access-control');

  // Access control: a wrong prediction, then revoke the stolen account's tokens once the thief
  // shows up.
  await hand.check('#tour-guess-0');
  await expect(page.locator('#revoke-stolen')).toBeVisible({ timeout: 30_000 });
  await hand.press('#revoke-stolen');
  await expect(page.locator('#tour-status')).toContainText(
    'Your prediction was “keep working”; what happened was “stop working”.',
    { timeout: 90_000 },
  );
  await finishAndGoOn(page, hand, 'ddos-defences');

  // DDoS defences: switch on intrusion detection.
  await hand.tab('tab-attacks');
  await hand.check('#defence-ids');
  await expect(page.locator('#defence-ids')).toBeChecked();
  await expect(page.locator('#tour-status')).toContainText('Done.', { timeout: 90_000 });
  await hand.press('#tour-next');

  // The summary: every chapter's line carries a number from this run, then the closing words.
  await expect(page.locator('#tour-chapter')).toHaveValue('summary');
  const lines = page.locator('.tour-summary li');
  await expect(lines).toHaveCount(7);
  for (let i = 0; i < 7; i++) {
    await expect(lines.nth(i)).toHaveText(/\d/);
    await expect(lines.nth(i)).not.toContainText('not done yet');
  }
  await expect(lines.nth(0)).toContainText(/p95 latency (fell|rose) from/);
  await expect(page.locator('.tour-closing')).toContainText('encryption, access controls and authentication');
}

test('a learner walks the whole tour with the keyboard alone and the summary shows their numbers', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(APP);
  await walk(page, keyboard(page));
  const lines = page.locator('.tour-summary li');

  // Progress is kept: on coming back, the learner is offered to continue where they were.
  await page.reload();
  await expect(page.locator('#tour-continue')).toHaveText('Continue with Summary');
  await page.locator('#tour-continue').click();
  await expect(lines).toHaveCount(7);
  await expect(lines.nth(0)).toContainText(/p95 latency (fell|rose) from/);
});

test('on a phone, a learner walks the whole tour by tapping', async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await watching.page(page);
  await page.goto(APP);
  // The tour comes first on a phone, above the stage.
  const tour = await page.locator('.tour').boundingBox();
  const stage = await page.locator('.stage').boundingBox();
  expect(tour && stage && tour.y < stage.y).toBe(true);
  // Its controls are large enough to tap (44 px, as WCAG's target size asks).
  const start = await page.locator('#tour-start').boundingBox();
  expect(start?.height ?? 0).toBeGreaterThanOrEqual(44);
  // The stage is laid out for the phone, not the desktop picture shrunk: a server's name is
  // as tall as body text there.
  const name = await page.locator('g.server-node text').first().boundingBox();
  expect(name?.height ?? 0).toBeGreaterThanOrEqual(11);
  await walk(page, finger(page));
  await context.close();
});

test('a course page opens one chapter by its link, embedded', async ({ page }) => {
  await page.goto(`${APP}?chapter=encryption&embed=1`);
  await expect(page.locator('#tour-chapter')).toHaveValue('encryption');
  await expect(page.locator('.tour-task')).toContainText('Turn on TLS');
  await expect(page.locator('#tour-status')).toContainText('Chapter 5, Encryption: waiting for you');
});

test('a new run or another scenario while a chapter is open restarts the chapter, and its status says so', async ({ page }) => {
  await page.goto(`${APP}?chapter=scaling`);
  const status = page.locator('#tour-status');
  await expect(status).toHaveText('Chapter 1, Scaling: waiting for you to do it.');
  await expect(status).toHaveAttribute('role', 'status');
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await page.locator('#add-server').click();
  await expect(status).toContainText('You added server 1');
  await page.locator('#new-run').click();
  await expect(status).toHaveText('Chapter restarted on the new run. Chapter 1, Scaling: waiting for you to do it.');
  // The learner acts on the new run: the chapter follows it, and the note has done its work.
  await page.locator('#add-server').click();
  await expect(status).toHaveText(/^You added server 1/);
  // Another scenario loaded with the chapter open.
  await page.locator('#scenario-name').selectOption('server-crash');
  await page.locator('#scenario-load').click();
  await expect(status).toHaveText('Chapter restarted on the new run. Chapter 1, Scaling: waiting for you to do it.');
  // Restarting the chapter from its own button loads its own scenario: no note.
  await expect(page.locator('g.server-node')).not.toHaveCount(1);
  await page.locator('#tour-restart').click();
  await expect(page.locator('g.server-node')).toHaveCount(1);
  await expect(status).toHaveText('Chapter 1, Scaling: waiting for you to do it.');
});

test('an unknown chapter in the link is refused by name and the playground stays as it was', async ({ page }) => {
  await page.goto(`${APP}?chapter=nowhere`);
  await expect(page.locator('.problem')).toContainText('chapter');
  await expect(page.locator('#tour-start')).toBeVisible();
  await expect(page.locator('g.server-node')).toHaveCount(2);
});

// Where each of the comparison's two charts is drawn, and then its words.
async function compareBoxes(page: Page) {
  const charts = page.locator('.tour-compare figure.chart');
  const [a, b, words] = [
    await charts.nth(0).boundingBox(),
    await charts.nth(1).boundingBox(),
    await page.locator('#compare-words').boundingBox(),
  ];
  if (!a || !b || !words) throw new Error('the comparison is not drawn');
  return { a, b, words };
}

test('comparing two settings runs the same traffic under each and shows their charts side by side', async ({ page }) => {
  await page.goto(`${APP}?chapter=load-balancing`);
  await page.locator('#tour-compare').click();
  await expect(page.locator('#compare-words')).toContainText(/p95 latency was [\d.,]+ m?s with round robin and [\d.,]+ m?s with least connections/);
  // One chart a run, each titled with its setting and named for a screen reader, on one scale.
  const charts = page.locator('.tour-compare figure.chart');
  await expect(charts).toHaveCount(2);
  await expect(charts.locator('.chart-title')).toHaveText(['Round robin', 'Least connections']);
  await expect(charts.nth(0).locator('svg')).toHaveAttribute('role', 'img');
  await expect(charts.nth(0).locator('svg')).toHaveAttribute('aria-label', /^Round robin, .*p95 [\d.,]+ m?s.*Scale from 0 ms to /);
  await expect(charts.nth(1).locator('svg')).toHaveAttribute('aria-label', /^Least connections, .*p95 [\d.,]+ m?s/);
  await expect(page.locator('.tour-compare svg polyline')).toHaveCount(2);
  const ticks = await charts.locator('.ticks').allTextContents();
  expect(ticks[0]).toBe(ticks[1]);
  // Each spans its whole run, from its start: not the live charts' last minute.
  await expect(charts.nth(0).locator('.time-axis')).toHaveText('0 s60 s');
  await expect(charts.nth(0).locator('.coverage').first()).toHaveText('the whole 60 s run, one point a second');
  // Next to each other, the words below them.
  let { a, b, words } = await compareBoxes(page);
  expect(Math.abs(a.y - b.y)).toBeLessThan(1);
  expect(b.x).toBeGreaterThanOrEqual(a.x + a.width);
  expect(words.y).toBeGreaterThanOrEqual(a.y + a.height);
  // One above the other on a narrow screen, still above the words.
  await page.setViewportSize({ width: 375, height: 667 });
  ({ a, b, words } = await compareBoxes(page));
  expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
  expect(Math.abs(a.x - b.x)).toBeLessThan(1);
  expect(words.y).toBeGreaterThanOrEqual(b.y + b.height);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 800 });
  // The same comparison on the storage chapter: synchronous replication loses nothing.
  await page.locator('#tour-chapter').selectOption('redundant-storage');
  await page.locator('#tour-compare').click();
  await expect(page.locator('#compare-words')).toContainText('synchronous replication lost 0 of');
});

// axe's serious and critical findings on the page as it is now.
async function serious(page: Page) {
  return (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

test('axe finds nothing serious in the tour: a chapter with its prediction and comparison, the summary, embedded, and on a phone', async ({ page }) => {
  await page.goto(`${APP}?chapter=load-balancing`);
  await page.locator('#tour-guess-0').check();
  await page.locator('#tour-compare').click();
  await expect(page.locator('#compare-words')).toBeVisible();
  expect(await serious(page)).toEqual([]);
  await page.locator('#tour-chapter').selectOption('summary');
  await expect(page.locator('.tour-summary li')).toHaveCount(7);
  expect(await serious(page)).toEqual([]);
  await page.setViewportSize({ width: 375, height: 667 });
  expect(await serious(page)).toEqual([]);
  await page.goto(`${APP}?chapter=encryption&embed=1`);
  await expect(page.locator('.tour-task')).toBeVisible();
  expect(await serious(page)).toEqual([]);
  // Each topic's controls, with the challenges' panel after a graded try.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(APP);
  await page.locator('#speed').selectOption('16');
  await page.locator('#challenge-start').click();
  await expect(page.locator('#challenge-status')).toContainText('Not yet.', { timeout: 60_000 });
  for (const tab of ['tab-scale', 'tab-failures', 'tab-attacks', 'tab-security']) {
    await page.locator(`#${tab}`).click();
    expect(await serious(page), tab).toEqual([]);
  }
});

test('at 200% zoom (a 1280 px window shown 640 px wide) nothing scrolls sideways and the tour works', async ({ page }) => {
  await page.setViewportSize({ width: 640, height: 400 });
  await page.goto(`${APP}?chapter=scaling`);
  await expect(page.locator('#tour-status')).toContainText('waiting for you');
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  await page.locator('#tour-guess-0').check();
  await page.locator('#add-server').click();
  await expect(page.locator('#tour-status')).toContainText('You added server 1');
});
