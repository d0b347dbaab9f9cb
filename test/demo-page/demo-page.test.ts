// The `npm start` demo in real headless Chromium (Debian's, driven by playwright-core): the
// page on the built script-tag bundle connects to the embedded broker, prices flow, and each
// control does what it says, with the client recovering by itself. Waits are on the page's
// own state (window.demoStatus), never on the clock. A screenshot of the last state is left
// in .rig/demo-page.png for a person to look at.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureChromium } from '../../scripts/rig/processes.js';
import { startDemo, type Demo } from '../../demo/server/demo-server.js';

const SCREENSHOT = path.resolve('.rig', 'demo-page.png');

interface Status {
  state: string;
  transport: string | null;
  ticks: number;
  lastClose: { code: number; kind: string; summary: string } | null;
  stats: { sent: number; received: number; h: number; reconnects: number; closes: number };
}

describe('demo page in Chromium (npm start)', function () {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async function () {
    this.timeout(10 * 60 * 1000); // a first run may install chromium
    if (!fs.existsSync(path.resolve('dist', 'stomp-anywhere-sockjs.js'))) {
      throw new Error('dist/stomp-anywhere-sockjs.js is missing: run npm run build first (npm test does)');
    }
    const chromiumBin = await ensureChromium();
    // h frames every second, so the SockJS case does not wait Spring's 25 s.
    demo = await startDemo({ port: 0, sockjsHeartbeat: 1000 });
    browser = await chromium.launch({ executablePath: chromiumBin, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(demo.url);
  });

  after(async function () {
    this.timeout(20000);
    if (page) await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => {});
    if (browser) await browser.close();
    if (demo) await demo.close();
  });

  afterEach(() => {
    if (demo.frozen) demo.thaw(); // a test that failed half-way must not leave the next one a frozen server
    expect(pageErrors, 'errors thrown in the page').to.deep.equal([]);
  });

  const status = () => page.evaluate(() => (window as unknown as { demoStatus: Status }).demoStatus);
  /** Waits until the page's status satisfies `test` (a function run in the page). */
  const until = (test: string, timeout = 15000) =>
    page.waitForFunction('(function (s) { return ' + test + '; })(window.demoStatus)', null, { timeout, polling: 50 });
  const logText = () => page.locator('#log').innerText();

  it('connects over native WebSocket and shows prices, transport, version and heart-beats', async () => {
    await until("s.state === 'connected' && s.ticks >= 2");
    expect(await page.locator('#transport').innerText()).to.equal('websocket');
    expect(await page.locator('#version').innerText()).to.match(/^1\.2 \(stomp-anywhere-demo-broker/);
    expect(await page.locator('#heartbeat').innerText()).to.match(/send every 2 s, expect every 2 s/);
    expect(await page.locator('#ticker tbody tr').count()).to.be.at.least(2);
    // The page sends EOLs (it publishes nothing); the broker sends none while the ticker's
    // frames keep the line busy, as brokers do: any frame counts as a heart-beat.
    await until('s.stats.sent >= 1', 6000);
  });

  it('after a dropped connection: the close is diagnosed, the client reconnects, subscriptions come back', async () => {
    const before = await status();
    await page.click('#drop');
    await until('s.lastClose && s.lastClose.code === 1006');
    expect((await status()).lastClose!.kind).to.equal('network');
    await until("s.state === 'connected' && s.ticks >= " + (before.ticks + 2));
    const text = await logText();
    expect(text).to.match(/closed 1006 \(Abnormal closure\)/);
    expect(text).to.match(/reconnect attempt 1 in [\d.]+ s/);
    expect(text).to.match(/ticker flowing again .* the subscription was restored/);
    // The chat subscription is back too: a message sent now comes round.
    await page.fill('#chat-input', 'after the drop');
    await page.click('#chat-send');
    await page.locator('#chat li', { hasText: 'after the drop' }).waitFor({ timeout: 5000 });
  });

  it('a server that stops answering is declared dead by the heart-beat watchdog, and the client comes back after', async () => {
    await page.click('#freeze');
    await until("s.lastClose && s.lastClose.kind === 'dead-peer'");
    expect((await status()).lastClose!.summary).to.match(
      /dead peer: no data for [\d.]+ s \(heart-beat 2000 ms x 2\.5\)/
    );
    const ticks = (await status()).ticks;
    await page.click('#freeze'); // thaw
    await until("s.state === 'connected' && s.ticks > " + ticks, 20000);
  });

  it('can be forced onto a SockJS sub-transport, and counts SockJS h frames when heart-beats are off', async () => {
    await page.selectOption('#heartbeat-select', '0');
    await page.selectOption('#transport-select', 'sockjs:xhr-streaming');
    await until("s.transport === 'sockjs / xhr-streaming' && s.state === 'connected'");
    const ticks = (await status()).ticks;
    await until('s.ticks >= ' + (ticks + 2) + ' && s.stats.h >= 1');
    expect(await page.locator('#heartbeat').innerText()).to.match(/^off: SockJS h frames/);
  });

  it('over SockJS too, a drop is answered (the control request is spared) and followed by a reconnect', async () => {
    const before = await status();
    await page.click('#drop');
    await until('s.stats.closes > ' + before.stats.closes);
    await until(
      "s.state === 'connected' && s.transport === 'sockjs / xhr-streaming' && s.ticks >= " + (before.ticks + 2)
    );
    expect(await logText()).to.not.match(/refused \/control\/drop/);
  });
});
