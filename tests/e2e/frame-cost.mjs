// Whole-page frame cost: opens the release build, fills the stage with 32 servers (the most the
// controls allow) at 50,000 requests/s, and reports the page's script time per animation frame
// over five seconds (Chrome's own ScriptDuration, so it includes Yew re-rendering the panels);
// then again with an HTTP flood from 200 bots at 50 requests/s each started from the "Attacks and
// defences" tab, its panel open (no defence: at 50 requests/s from each of 1,000 users, the
// defences' defaults would block the users too); then with the flood stopped, the
// "Encryption and access" tab open, TLS end to end and an eavesdropper on the clients' link; and
// last with the bundled scenario of a hundred servers (?scenario=hundred-servers), more than the
// controls allow.
// Each case also gives the median and the 99th percentile of one frame's script: the time from
// the start of the page's animation-frame callbacks to the end of the work they queued (Yew's
// re-render runs as a microtask right after the frame loop's callback).
// Run by scripts/bench.sh after the release build; prints figures, asserts nothing.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const port = 4174;
const server = spawn(process.execPath, ['serve-dist.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
try {
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Times every animation-frame callback with the microtasks it queued, summed by frame.
  await page.addInitScript(() => {
    const request = window.requestAnimationFrame.bind(window);
    const frames = new Map();
    window.frameScriptTimes = frames;
    window.requestAnimationFrame = (callback) => request((timestamp) => {
      const start = performance.now();
      try {
        callback(timestamp);
      } finally {
        queueMicrotask(() => frames.set(timestamp, (frames.get(timestamp) ?? 0) + performance.now() - start));
      }
    });
  });
  const app = `http://127.0.0.1:${port}/courses/ds/playground/`;
  await page.goto(app);
  await page.waitForSelector('#add-server');
  while ((await page.locator('g.server-node').count()) < 32) await page.click('#add-large-server');
  await page.fill('#arrival-rate-exact', '50000');
  await page.press('#arrival-rate-exact', 'Enter');
  await page.waitForTimeout(3000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const script = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value;
  const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const measure = async (label) => {
    await page.evaluate(() => window.frameScriptTimes.clear());
    const before = await script();
    const frames = await page.evaluate(() => new Promise((done) => {
      let n = 0;
      const start = performance.now();
      const count = () => { n += 1; if (performance.now() - start < 5000) requestAnimationFrame(count); else done(n); };
      requestAnimationFrame(count);
    }));
    const seconds = (await script()) - before;
    const each = (await page.evaluate(() => [...window.frameScriptTimes.values()])).sort((a, b) => a - b);
    const dots = await page.textContent('#dot-scale');
    console.log(`whole page, ${label}: ${(seconds * 1000 / frames).toFixed(2)} ms script per frame ` +
      `(${frames} frames in 5 s, ${dots}); one frame's script: median ${percentile(each, 0.5).toFixed(2)} ms, ` +
      `p99 ${percentile(each, 0.99).toFixed(2)} ms`);
  };
  await measure('32 servers, 50k req/s');
  await page.click('#tab-attacks');
  await page.fill('#attack-bots', '200');
  await page.fill('#attack-rate', '50');
  await page.click('#attack-start');
  await page.waitForTimeout(3000);
  await measure('32 servers, 50k req/s and a 10k req/s HTTP flood, attacks tab open');
  await page.click('#attack-stop');
  await page.click('#tab-security');
  await page.selectOption('#tls-mode', 'end-to-end');
  await page.selectOption('#tap', 'outer');
  await page.waitForTimeout(3000);
  await measure('32 servers, 50k req/s, TLS end to end, an eavesdropper listening, security tab open');
  await page.goto(`${app}?scenario=hundred-servers`);
  while ((await page.locator('g.server-node').count()) < 100) await page.waitForTimeout(200);
  await page.waitForTimeout(3000);
  await measure('the hundred-servers scenario: 100 servers, 1,800 req/s');
  await browser.close();
} finally {
  server.kill();
}
