// Whole-page frame cost: opens the release build, fills the stage with 32 servers (the most the
// controls allow) at 50,000 requests/s, and reports the page's script time per animation frame
// over five seconds (Chrome's own ScriptDuration, so it includes Yew re-rendering the panels);
// the same at 16x speed, and at 16x with a flash crowd's 200,000 requests/s, each with how much
// of the simulated time asked for the world got through;
// then again with an HTTP flood from 200 bots at 50 requests/s each started from the "Attacks and
// defences" tab, its panel open (no defence: at 50 requests/s from each of 1,000 users, the
// defences' defaults would block the users too); then with the flood stopped, the
// "Encryption and access" tab open, TLS end to end and an eavesdropper on the clients' link; and
// last with the bundled scenario of a hundred servers (?scenario=hundred-servers), more than the
// controls allow.
// Each case also gives the median and the 99th percentile of one frame's script, and the 99th
// percentile of the interval between frames (16.7 ms when none is dropped). A frame's script is
// the time from the start of the page's animation-frame callbacks to the end of the work they
// queued (Yew's re-render runs as a microtask right after the frame loop's callback).
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
  // The simulated clock the metrics panel shows, in seconds.
  const simulated = async () => parseFloat(((await page.textContent('#metric-time')) ?? '').replace(/[^0-9.]/g, ''));
  const measure = async (label, speed = 1) => {
    await page.evaluate(() => window.frameScriptTimes.clear());
    const before = await script();
    const simulatedBefore = await simulated();
    const stamps = await page.evaluate(() => new Promise((done) => {
      const stamps = [];
      const start = performance.now();
      const count = (t) => { stamps.push(t); if (performance.now() - start < 5000) requestAnimationFrame(count); else done(stamps); };
      requestAnimationFrame(count);
    }));
    const frames = stamps.length;
    const wall = (stamps[frames - 1] - stamps[0]) / 1000;
    const ran = (await simulated()) - simulatedBefore;
    const seconds = (await script()) - before;
    const each = (await page.evaluate(() => [...window.frameScriptTimes.values()])).sort((a, b) => a - b);
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
    const dots = await page.textContent('#dot-scale');
    console.log(`whole page, ${label}: ${(seconds * 1000 / frames).toFixed(2)} ms script per frame ` +
      `(${frames} frames in 5 s, ${dots}); one frame's script: median ${percentile(each, 0.5).toFixed(2)} ms, ` +
      `p99 ${percentile(each, 0.99).toFixed(2)} ms; frame interval p99 ${percentile(gaps, 0.99).toFixed(1)} ms` +
      (speed > 1 ? `; simulated ${ran.toFixed(1)} s of the ${(wall * speed).toFixed(1)} s asked for ` +
        `(${(100 * ran / (wall * speed)).toFixed(0)}%)` : ''));
  };
  await measure('32 servers, 50k req/s');
  await page.locator('#speed').selectOption('16');
  await page.waitForTimeout(2000);
  await measure('32 servers, 50k req/s at 16x', 16);
  await page.fill('#arrival-rate-exact', '200000');
  await page.press('#arrival-rate-exact', 'Enter');
  await page.waitForTimeout(2000);
  await measure('32 servers, a 200k req/s flash crowd at 16x', 16);
  await page.fill('#arrival-rate-exact', '50000');
  await page.press('#arrival-rate-exact', 'Enter');
  await page.locator('#speed').selectOption('1');
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
