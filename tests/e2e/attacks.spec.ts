// End-to-end tests of attacks and defences, through the page as a learner uses it: an HTTP
// flood started from its tab takes the users' success rate down; intrusion detection switched on
// blocks the bots, counted under it, and the users recover; a firewall rule that does not read is
// refused with its line, leaving the rules in force as they were; the tab works from the keyboard
// and passes the accessibility check.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { APP, watchEveryPage } from './watch';

const REPO = path.resolve(__dirname, '..', '..');

watchEveryPage(test);

/** Opens the page on the attacks tab, running at 4×. */
async function open(page: Page) {
  await page.goto(APP);
  await expect(page.locator('#add-server')).toBeVisible();
  await page.locator('#tab-attacks').click();
  await expect(page.locator('#attack-start')).toBeVisible();
  await page.locator('#speed').selectOption('4');
}

/** Reads a number such as "1,234" or "84%" as a whole number. */
async function readInt(page: Page, selector: string): Promise<number> {
  const text = (await page.locator(selector).textContent()) ?? '';
  const digits = text.replace(/[^0-9]/g, '');
  expect(digits, `${selector} should show a number, got "${text}"`).not.toBe('');
  return parseInt(digits, 10);
}

/** The cell of the blocked table for `defence` (as the table names it): users' or the attack's. */
function blocked(page: Page, defence: string, whose: 'users' | 'attack') {
  const row = page.locator('#edge-blocked tbody tr', { has: page.locator('th', { hasText: defence }) });
  return row.locator('td').nth(whose === 'users' ? 0 : 1);
}

async function readCell(page: Page, defence: string, whose: 'users' | 'attack'): Promise<number> {
  const text = (await blocked(page, defence, whose).textContent()) ?? '';
  return parseInt(text.replace(/[^0-9]/g, '') || '0', 10);
}

/** Starts the page's HTTP flood and waits until it has taken the users' success below half. */
async function flood(page: Page) {
  await expect(page.locator('#attack-stop')).toBeDisabled();
  await expect(page.locator('#attack-kind')).toHaveValue('http-flood');
  await page.locator('#attack-start').click();
  await expect(page.locator('#attack-state')).toContainText('Under way: an HTTP flood, 20 bots × 20 requests/s');
  await expect(page.locator('#attack-stop')).toBeEnabled();
  await expect.poll(async () => readInt(page, '#edge-success'), { timeout: 30_000 }).toBeLessThan(50);
  expect(await readInt(page, '#edge-reached')).toBeGreaterThan(0);
}

test('an HTTP flood takes the users down; intrusion detection blocks the bots and the users recover', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  await expect(page.locator('#edge-success')).toHaveText('100%');
  await flood(page);

  // The intrusion detector flags an address above 15 requests a second: the bots send 20, the
  // 200 users behind the NAT's one address about 6 between them.
  await expect(page.locator('#ids-threshold')).toHaveValue('15');
  await page.locator('#defence-ids').check();
  await expect(page.locator('#defence-ids')).toBeChecked();
  await expect(page.locator('#defences-in-force')).toContainText('intrusion detection above 15 req/s, blocks for 30 s');
  await expect.poll(async () => readCell(page, 'intrusion detection', 'attack'), { timeout: 20_000 }).toBeGreaterThan(100);
  await expect.poll(async () => readInt(page, '#ids-tp'), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(async () => readInt(page, '#edge-success'), { timeout: 60_000 }).toBeGreaterThan(90);
  expect(await readCell(page, 'intrusion detection', 'users')).toBe(0);
  await page.locator('.side-column').screenshot({ path: path.join(REPO, 'target', 'e2e', 'attack-defended.png') });

  // Stopped, the attack says so and Stop cannot be pressed again.
  await page.locator('#attack-stop').click();
  await expect(page.locator('#attack-state')).toHaveText('No attack under way.');
  await expect(page.locator('#attack-stop')).toBeDisabled();
});

test('a firewall rule that does not read is refused with its line, and the rules in force stay', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page);
  await expect(page.locator('#firewall-in-force')).toContainText('no firewall');
  await flood(page);

  // The example denies the botnet's range.
  await expect(page.locator('#firewall-rules')).toHaveValue(/deny from 45\.0\.0\.0\/8/);
  await page.locator('#firewall-apply').click();
  await expect(page.locator('#firewall-in-force')).toContainText('In force: 1 rule, then default allow.');
  await expect(page.locator('#firewall-in-force')).toContainText('deny from 45.0.0.0/8');
  await expect.poll(async () => readCell(page, 'the firewall', 'attack'), { timeout: 20_000 }).toBeGreaterThan(100);
  await expect.poll(async () => readInt(page, '#edge-success'), { timeout: 60_000 }).toBeGreaterThan(90);

  // A typo on line 2: nothing is applied, and the error names the line and the word.
  await page.locator('#firewall-rules').fill('# one address only\ndeny form 1.2.3.4\ndefault allow\n');
  await page.locator('#firewall-apply').click();
  const errors = page.locator('#firewall-errors');
  await expect(errors).toHaveAttribute('role', 'alert');
  await expect(errors).toContainText('line 2: unknown word "form"');
  await expect(errors).toContainText('The rules in force are unchanged.');
  await expect(page.locator('#firewall-in-force')).toContainText('deny from 45.0.0.0/8');
  await expect(page.locator('#firewall-in-force')).not.toContainText('1.2.3.4');
  // And the rules in force still block the botnet.
  const before = await readCell(page, 'the firewall', 'attack');
  await expect.poll(async () => readCell(page, 'the firewall', 'attack'), { timeout: 20_000 }).toBeGreaterThan(before);
  expect(await readInt(page, '#edge-success')).toBeGreaterThan(90);

  // Fixed, it applies and the errors go.
  await page.locator('#firewall-rules').fill('# one address only\ndeny from 1.2.3.4\ndefault allow\n');
  await page.locator('#firewall-apply').click();
  await expect(errors).toBeEmpty();
  await expect(page.locator('#firewall-in-force')).toContainText('line 2 deny from 1.2.3.4');
  await page.locator('#firewall-off').click();
  await expect(page.locator('#firewall-in-force')).toContainText('no firewall');
  await expect(page.locator('#firewall-off')).toBeDisabled();
});

test('the attacks tab works from the keyboard: reach it, start an attack, switch a defence', async ({ page }) => {
  await page.goto(APP);
  await expect(page.locator('#add-server')).toBeVisible();
  // The arrow keys go round the four tabs; Home and End reach either end.
  await page.locator('#tab-failures').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#tab-attacks')).toBeFocused();
  await expect(page.locator('#tab-attacks')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#tab-security')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#tab-scale')).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.locator('#tab-security')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.locator('#tab-scale')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('#tab-security')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('#attack-kind')).toBeVisible();

  // Choosing a kind gives its own numbers; a number out of range is refused, said why.
  await page.locator('#attack-kind').selectOption('slowloris');
  await expect(page.locator('#attack-bots')).toHaveValue('20');
  await expect(page.locator('#attack-rate')).toHaveValue('5');
  await page.locator('#attack-bots').fill('0');
  await page.locator('#attack-start').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#why-attack')).toContainText('Bots takes a whole number from 1 to 10,000.');
  await expect(page.locator('#attack-state')).toHaveText('No attack under way.');
  await page.locator('#attack-bots').fill('20');
  await page.locator('#attack-start').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#attack-state')).toContainText('slowloris attack, 20 bots × 5 connections/s');

  // Space switches a defence; its numbers change with Enter, and what is in force says so.
  await page.locator('#defence-header-timeout').focus();
  await page.keyboard.press('Space');
  await expect(page.locator('#defence-header-timeout')).toBeChecked();
  await expect(page.locator('#defences-in-force')).toHaveText('In force: headers within 5 s.');
  await page.locator('#header-timeout').fill('2');
  await page.keyboard.press('Enter');
  await expect(page.locator('#defences-in-force')).toHaveText('In force: headers within 2 s.');
  await page.locator('#header-timeout').fill('0');
  await page.keyboard.press('Enter');
  await expect(page.locator('#why-defence-header-timeout')).toContainText('takes from 0.1 to 3,600 s; it stays 2.');
  await expect(page.locator('#header-timeout')).toHaveValue('2');
  await expect(page.locator('#defences-in-force')).toHaveText('In force: headers within 2 s.');
});

test('no serious or critical accessibility problems on the attacks tab, under attack and defended', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page);
  await page.locator('#attack-start').click();
  await page.locator('#defence-rate-limit').check();
  await page.locator('#defence-fair-queue').check();
  await page.locator('#firewall-rules').fill('deny form 1.2.3.4');
  await page.locator('#firewall-apply').click();
  await expect(page.locator('#firewall-errors')).toContainText('line 1');
  await expect.poll(async () => readCell(page, 'rate limiting', 'attack'), { timeout: 20_000 }).toBeGreaterThan(0);
  const serious = async () => (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  expect(await serious()).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await serious()).toEqual([]);
});
