// What every end-to-end test checks when it ends: the page loaded nothing from another origin,
// no request failed or answered with an error status, nothing was logged as an error (or as a
// passive-listener warning, which is how Chrome reports a refused preventDefault), and nothing
// was thrown as an uncaught page error.
import { expect, type TestType, type PlaywrightTestArgs, type PlaywrightTestOptions } from '@playwright/test';

export const ORIGIN = 'http://127.0.0.1:4173';
export const APP = '/courses/ds/playground/';

type Test = TestType<PlaywrightTestArgs & PlaywrightTestOptions, object>;

/** Registers the hooks that watch each test's page and check it when the test ends. */
export function watchEveryPage(test: Test) {
  let problems: string[] = [];
  test.beforeEach(async ({ page }) => {
    problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || (m.type() === 'warning' && /passive/i.test(m.text()))) {
        problems.push(`console ${m.type()}: ${m.text()} [${m.location().url}]`);
      }
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e}`));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('request', (r) => {
      // data: and blob: URLs never leave the page, so only network URLs count.
      const url = new URL(r.url());
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== ORIGIN) {
        problems.push(`foreign request: ${r.url()}`);
      }
    });
  });
  test.afterEach(async () => {
    expect(problems, 'console errors, page errors and failed or foreign requests').toEqual([]);
  });
}
