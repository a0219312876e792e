// What every end-to-end test checks when it ends: the page loaded nothing from another origin,
// no request failed or answered with an error status, nothing was logged as an error (or as a
// passive-listener warning, which is how Chrome reports a refused preventDefault), nothing was
// thrown as an uncaught page error, and no frame reported a Content Security Policy violation.
//
// A test that opens a course page names the other sites it expects requests to (`allow`); a test
// that opens a page in a context of its own has it watched the same way (`page`).
import { expect, type Page, type TestType, type PlaywrightTestArgs, type PlaywrightTestOptions } from '@playwright/test';
import { ORIGIN } from './origins';

export { APP, COURSE, FOREIGN, ORIGIN } from './origins';

type Test = TestType<PlaywrightTestArgs & PlaywrightTestOptions, object>;

/** The current test's watch. */
export interface Watch {
  /** Lets the current test's pages make requests to `origins` too, besides the playground's. */
  allow(...origins: string[]): void;
  /** Watches `page`, one the test opened in a context of its own, as the test's own page is. */
  page(page: Page): Promise<void>;
}

/** Registers the hooks that watch each test's page and check it when the test ends. */
export function watchEveryPage(test: Test): Watch {
  let problems: string[] = [];
  let allowed = new Set<string>();
  const watch = async (page: Page) => {
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
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !allowed.has(url.origin)) {
        problems.push(`foreign request: ${r.url()}`);
      }
    });
    // Every frame, the page's and its iframes', reports what its policy blocked.
    await page.exposeBinding('reportPolicyViolation', ({ frame }, report: string) => {
      problems.push(`Content Security Policy violation in ${frame.url()}: ${report}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = `${e.effectiveDirective} blocked ${e.blockedURI || 'an inline script or style'}` +
          ` (${e.sourceFile || e.documentURI}:${e.lineNumber})`;
        (window as unknown as { reportPolicyViolation(r: string): void }).reportPolicyViolation(report);
      });
    });
  };
  test.beforeEach(async ({ page }) => {
    problems = [];
    allowed = new Set([ORIGIN]);
    await watch(page);
  });
  test.afterEach(async () => {
    expect(problems, 'console errors, page errors, policy violations and failed or foreign requests').toEqual([]);
  });
  return {
    allow: (...origins) => origins.forEach((o) => allowed.add(o)),
    page: watch,
  };
}
