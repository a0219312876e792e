// Playwright settings for the playground's end-to-end tests.
//
// The tests drive Debian's Chromium (/usr/bin/chromium) headless against the
// release build in dist/, served by serve-dist.mjs under the sub-path
// /courses/ds/playground/ on http://127.0.0.1:4173.
//
// Two more servers serve the same dist/ from other origins, for the course-page tests: a
// course site on port 4175 that embeds the playground from 4173 (its policy allows frames from
// there), and a foreign site on port 4176 the playground is not told to answer (origins.ts).
import { defineConfig, devices } from '@playwright/test';
import { APP, COURSE_PORT, FOREIGN_PORT, ORIGIN, PLAYGROUND_PORT } from './origins';

/** A server of dist/ on port `at`, whose pages may frame `frames` (space-separated origins). */
function server(at: number, frames = '') {
  return {
    command: 'node serve-dist.mjs',
    url: `http://127.0.0.1:${at}${APP}`,
    env: { PORT: String(at), FRAME_SRC: frames },
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'pipe' as const,
  };
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  // The machines have two cores and the page runs a live simulation:
  // one test at a time keeps timings steady.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: ORIGIN,
    viewport: { width: 1280, height: 800 },
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [server(PLAYGROUND_PORT), server(COURSE_PORT, ORIGIN), server(FOREIGN_PORT, ORIGIN)],
});
