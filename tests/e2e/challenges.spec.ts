// Challenges as a learner meets them: a try fails and shows a hint, the next passes, and the best
// score is kept across a reload and recapped in the tour's summary.
import { test, expect } from '@playwright/test';
import { APP, watchEveryPage } from './watch';

watchEveryPage(test);

test('a challenge is failed, hinted, then passed, and its best score is kept and recapped in the summary', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(APP);
  await expect(page.locator('#challenge-best')).toHaveText('Not tried yet.');
  await page.locator('#challenge-pick').selectOption('load-balancing');
  await expect(page.locator('#challenge-goal')).toContainText('without adding capacity');
  await page.locator('#speed').selectOption('16');

  // Doing nothing: round robin overloads the small servers.
  await page.locator('#challenge-start').click();
  await expect(page.locator('#challenge-status')).toContainText('Your turn');
  await expect(page.locator('#challenge-status')).toContainText('Not yet.', { timeout: 60_000 });
  await expect(page.locator('#challenge-hint')).toContainText('Look for an algorithm');
  await expect(page.locator('#challenge-best')).toHaveText('Not passed yet (1 try).');

  // Again, with least connections.
  await page.locator('#challenge-start').click();
  await expect(page.locator('#challenge-hint')).toHaveCount(0);
  await page.locator('#algorithm').selectOption('least-connections');
  await expect(page.locator('#challenge-status')).toContainText('Passed.', { timeout: 60_000 });
  await expect(page.locator('#challenge-best')).toContainText(/Your best: [\d,]+ server-seconds, p95 [\d.,]+ m?s \(2 tries\)/);
  await expect(page.locator('#challenge-pick option[value="load-balancing"]')).toContainText('✓');

  await page.reload();
  await page.locator('#challenge-pick').selectOption('load-balancing');
  await expect(page.locator('#challenge-best')).toContainText('Your best:');

  // The tour's summary recaps each challenge beside the chapter on its topic.
  await page.goto(`${APP}?chapter=summary`);
  const lines = page.locator('.tour-summary li .tour-challenge-result');
  await expect(lines).toHaveCount(7);
  await expect(lines.nth(1)).toHaveText(
    /^Challenge “Three unequal servers” passed: best [\d,]+ server-seconds, p95 [\d.,]+ m?s \(2 tries\)\.$/,
  );
  await expect(lines.nth(0)).toHaveText('Challenge “Scale out for 160 requests a second” not tried yet.');
});

test('a course page opens one challenge by its link, embedded, with its scenario loaded', async ({ page }) => {
  await page.goto(`${APP}?embed=1&challenge=load-balancing`);
  await expect(page.locator('#challenge-pick')).toHaveValue('load-balancing');
  await expect(page.locator('#challenge-goal')).toContainText('without adding capacity');
  await expect(page.locator('#challenge-status')).toContainText('Your turn');
  // The challenge's three unequal servers, not the playground's two.
  await expect(page.locator('g.server-node')).toHaveCount(3);
  await expect(page.locator('.embed-bar')).toBeVisible();
  await expect(page.locator('.tour')).toHaveCount(0);
});

test('an unknown challenge in the link is refused by name and the playground stays as it was', async ({ page }) => {
  await page.goto(`${APP}?embed=1&challenge=nowhere`);
  await expect(page.locator('.problem')).toContainText(
    'challenge: expected one of the challenges (scaling, load-balancing, fault-tolerance, redundant-storage, encryption, access-control, ddos-defences), not "nowhere"',
  );
  // No try started: the page shows the playground's own world (whole, as an unreadable link asks).
  await expect(page.locator('#challenge-start')).toHaveText('Start a try');
  await expect(page.locator('#challenge-status')).toHaveCount(0);
  await expect(page.locator('g.server-node')).toHaveCount(2);
});
