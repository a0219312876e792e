// End-to-end tests of encryption and access control, through the page as a new learner uses
// it: an eavesdropper reads a password in the clear, then only ciphertext once TLS is on, and a
// flipped byte is refused; a stolen disk shows rows, then ciphertext with encryption at rest;
// a signed-in user gets their orders, is refused the admin page, and an altered token fails.
import { test, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { APP, watchEveryPage } from './watch';

const REPO = path.resolve(__dirname, '..', '..');

watchEveryPage(test);

async function openSecurity(page: Page) {
  await page.goto(APP);
  await expect(page.locator('#add-server')).toBeVisible();
  await page.locator('#tab-security').click();
  await expect(page.locator('#panel-security')).toBeVisible();
}

test('an eavesdropper reads a password in the clear; with TLS only ciphertext, and a flipped byte is refused', async ({ page }) => {
  test.setTimeout(90_000);
  await openSecurity(page);
  await page.locator('#tap').selectOption('outer');
  // Users sign in as they arrive: a captured login shows its password as typed.
  await expect(page.locator('#capture-wire')).toContainText('password=', { timeout: 30_000 });
  await expect(page.locator('#capture-wire')).toHaveClass(/clear/);
  await expect(page.getByRole('img', { name: /eavesdropper listens/ }).first()).toBeAttached();
  await page.screenshot({ path: path.join(REPO, 'target', 'e2e', 'eavesdropper-clear.png') });

  await page.locator('#tls-mode').selectOption('edge');
  await expect(page.locator('#capture-wire')).toHaveClass(/sealed/, { timeout: 30_000 });
  const wire = (await page.locator('#capture-wire').textContent()) ?? '';
  expect(wire).toMatch(/^[0-9a-f]{2}( [0-9a-f]{2})+/);
  expect(wire).not.toContain('password');
  await page.locator('#show-key').click();
  await expect(page.locator('#capture-key')).toContainText(/session key: ([0-9a-f]{2} ){31}[0-9a-f]{2}/);
  await page.locator('#decrypt').click();
  await expect(page.locator('#capture-plain')).toContainText(/HTTP\/1\.1/);
  await page.locator('#flip-byte').click();
  await expect(page.locator('#tamper-result')).toContainText('authentication tag fails');
  // TLS has a cost the world counts.
  await expect(page.locator('#tls-cost')).toContainText(/full handshakes/);
  await page.screenshot({ path: path.join(REPO, 'target', 'e2e', 'eavesdropper-sealed.png') });

  // Terminated at the balancer, the inner link is still in the clear until mutual TLS.
  await page.locator('#tap').selectOption('inner');
  await expect(page.locator('#capture-wire')).toHaveClass(/clear/, { timeout: 30_000 });
  await page.locator('#tls-mode').selectOption('end-to-end');
  await expect(page.locator('#capture-wire')).toHaveClass(/sealed/, { timeout: 30_000 });
});

test('a stolen disk shows the rows; with encryption at rest only ciphertext; a destroyed key is gone for good', async ({ page }) => {
  await openSecurity(page);
  // The database has rows once its first writes are acknowledged, a second or two in.
  await expect(async () => {
    await page.locator('#steal-disk').click();
    await expect(page.locator('#stolen-disk li').first()).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator('#stolen-disk')).toHaveClass(/clear/);
  await expect(page.locator('#stolen-disk')).toContainText('every row');
  const rows = (await page.locator('#stolen-disk li').allTextContents()).join('\n');
  expect(rows).toMatch(/order/);

  await page.locator('#at-rest-on').check();
  await page.locator('#steal-disk').click();
  await expect(page.locator('#stolen-disk')).toHaveClass(/sealed/);
  const sealed = (await page.locator('#stolen-disk li').allTextContents()).join('\n');
  expect(sealed).not.toMatch(/order/);
  expect(sealed).toMatch(/^[0-9a-f]{2} /);
  await expect(page.locator('#key-service')).toContainText('key service');
  await page.screenshot({ path: path.join(REPO, 'target', 'e2e', 'stolen-disk-sealed.png') });

  await page.locator('#destroy-key').click();
  await expect(page.locator('#key-service')).toContainText('no one can read again');
  await expect(page.locator('#at-rest-on')).toBeDisabled();
});

test('a signed-in user gets their orders and is refused the admin page; an altered token fails', async ({ page }) => {
  await openSecurity(page);
  await page.locator('#call-no-token').click();
  await expect(page.locator('#call-result')).toContainText('401');
  await page.locator('#sign-in').click();
  await expect(page.locator('#session')).toContainText('Signed in as ada (user)');
  await expect(page.locator('#token')).toContainText(/^([0-9a-f]{2} ){44}[0-9a-f]{2}/);
  await page.locator('#call-orders').click();
  await expect(page.locator('#call-result')).toContainText('/orders → 200');
  await page.locator('#call-admin').click();
  await expect(page.locator('#call-result')).toContainText('/admin → 403 Forbidden');
  await page.locator('#call-forged').click();
  await expect(page.locator('#call-result')).toContainText('/admin → 401');
  await expect(page.locator('#auth-counts')).toContainText(/403 Forbidden: [1-9]/);
  await page.screenshot({ path: path.join(REPO, 'target', 'e2e', 'access-refused.png') });

  // A wrong password is refused, and the stored hashes never show a password.
  await page.locator('#sign-out').click();
  await page.locator('#sign-in-password').fill('not-the-password');
  await page.locator('#sign-in').click();
  await expect(page.locator('#call-result')).toContainText('401');
  await expect(page.locator('#session')).toContainText('Not signed in');
  const table = (await page.locator('#accounts').textContent()) ?? '';
  expect(table).toContain('ada');
});
