// The extension in headless Chromium (playwright-core, Debian's chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  ROOT, DIST, readCase, distMissing, startServer, hostilePages, tmpDir, median, waitFor, writeMetrics, CLI, buildCustomIndex,
} from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const EXT = path.join(DIST, 'chrome');
const QUIET_MS = 2500; // how long a page must stay bannerless to count as "nothing shown"

const skip = distMissing() || (!fs.existsSync(CHROMIUM) && `${CHROMIUM} not found (apt-get install chromium)`);

let ctx, server, extId;
const requests = [];
const pageErrors = [];

// Chromium with the unpacked extension on the profile in `userDataDir`;
// resolves to the context and the extension's id once its worker runs.
async function launch(userDataDir) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  context.on('request', (r) => requests.push(r.url()));
  let [sw] = context.serviceWorkers();
  sw ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  return { context, id: new URL(sw.url()).host };
}

before(async () => {
  if (skip) return;
  server = await startServer();
  hostilePages(server);
  ({ context: ctx, id: extId } = await launch(tmpDir('unspun-chromium-')));
});

after(async () => {
  await ctx?.close();
  await server?.close();
});

async function open(url, context = ctx) {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
  await page.goto(url);
  return page;
}

const bannerText = (page) => page.evaluate(() => {
  const host = document.querySelector('unspun-banner');
  return host ? host.shadowRoot.querySelector('.bar').textContent : null;
});

async function expectBanner(page) {
  await page.waitForSelector('unspun-banner', { state: 'attached', timeout: 15_000 });
  return bannerText(page);
}

async function expectNoBanner(page) {
  await page.waitForTimeout(QUIET_MS);
  assert.equal(await page.$('unspun-banner'), null, 'no banner expected');
}

const lead = (e) => (e.verdict === 'copy'
  ? `This page copies an article by ${e.source}`
  : `This article appears to be a rewrite of an article by ${e.source}`);

test('seed 000 (farm rewrite) shows a banner naming Fox News and the original headline', { skip }, async () => {
  const { expected } = readCase('000-farm-rewrite');
  const page = await open(`${server.origin}/case/000-farm-rewrite`);
  const text = await expectBanner(page);
  assert.match(text, /(copies an article|rewrite of an article) by Fox News/);
  assert.ok(text.includes(lead(expected)), text);
  assert.match(text, /about \d+% of the original reused/);
  const link = await page.evaluate(() => {
    const a = document.querySelector('unspun-banner').shadowRoot.querySelector('a');
    return a && { href: a.href, text: a.textContent };
  });
  assert.deepEqual(link, { href: expected.url, text: expected.title });
  const role = await page.evaluate(() => document.querySelector('unspun-banner').shadowRoot.querySelector('[role]').getAttribute('aria-label'));
  assert.ok(role);
  await page.close();
});

for (const name of ['003-farm-other', '001-original', '002-original']) {
  test(`${name} shows nothing`, { skip }, async () => {
    const page = await open(`${server.origin}/case/${name}`);
    await expectNoBanner(page);
    await page.close();
  });
}

test('a page dated before the original is not called its rewrite', { skip }, async () => {
  const after = await open(`${server.origin}/dated/after`);
  assert.match(await expectBanner(after), /Fox News/);
  await after.close();
  const before = await open(`${server.origin}/dated/before`);
  await expectNoBanner(before);
  await before.close();
});

test('"Show matches" highlights passages and scrolls to the first', { skip }, async () => {
  const page = await open(`${server.origin}/case/000-farm-rewrite?t=marks`);
  await expectBanner(page);
  await page.locator('unspun-banner').getByRole('button', { name: 'Show matches' }).click();
  const marks = await page.evaluate(() => document.querySelectorAll('unspun-mark').length);
  assert.ok(marks > 0, 'some passages highlighted');
  const inView = await page.evaluate(() => {
    const r = document.querySelector('unspun-mark').getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight;
  });
  assert.ok(inView, 'first highlight scrolled into view');
  // Highlights sit inside the article, not in the banner or the junk links.
  const inArticle = await page.evaluate(() => [...document.querySelectorAll('unspun-mark')].every((m) => m.closest('article')));
  assert.ok(inArticle);
  await page.locator('unspun-banner').getByRole('button', { name: 'Hide matches' }).click();
  assert.equal(await page.evaluate(() => document.querySelectorAll('unspun-mark').length), 0);
  await page.close();
});

test('banner dismisses with × and with Esc', { skip }, async () => {
  const page = await open(`${server.origin}/case/000-farm-rewrite?t=dismiss`);
  await expectBanner(page);
  await page.locator('unspun-banner').getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.$('unspun-banner'), null);
  await page.reload();
  await expectBanner(page);
  await page.keyboard.press('Escape');
  assert.equal(await page.$('unspun-banner'), null);
  await page.close();
});

test('banner buttons are keyboard reachable', { skip }, async () => {
  const page = await open(`${server.origin}/case/000-farm-rewrite?t=keys`);
  await expectBanner(page);
  await page.locator('unspun-banner').getByRole('link').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.querySelector('unspun-banner').shadowRoot.activeElement?.textContent);
  assert.equal(focused, 'Show matches');
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate(() => document.querySelectorAll('unspun-mark').length) > 0);
  await page.close();
});

test('"Not a rewrite?" hides the banner, also after reload', { skip }, async () => {
  const page = await open(`${server.origin}/case/000-farm-rewrite?t=verdict`);
  await expectBanner(page);
  await page.locator('unspun-banner').getByRole('button', { name: 'Not a rewrite?' }).click();
  assert.equal(await page.$('unspun-banner'), null);
  await page.reload();
  await expectNoBanner(page);
  await page.close();
});

test('popup and options pages render', { skip }, async () => {
  const popup = await open(`chrome-extension://${extId}/popup.html`);
  await popup.waitForSelector('body[data-ready]');
  const text = await popup.textContent('body');
  assert.match(text, /No match among 3 originals/);
  assert.match(text, /Default index\s*3 articles/);
  assert.equal(await popup.$eval('#access', (e) => e.hidden), true, 'host access granted');
  await popup.close();
  const options = await open(`chrome-extension://${extId}/options.html`);
  await options.waitForSelector('body[data-ready]');
  assert.match(await options.textContent('#indexes'), /Default index — 3 articles/);
  assert.equal(await options.inputValue('#sensitivity'), 'normal');
  await options.close();
});

test('options: sites where unspun stays off', { skip }, async () => {
  const options = await open(`chrome-extension://${extId}/options.html`);
  await options.waitForSelector('body[data-ready]');
  await options.fill('#sites', 'example.org\nhttp://127.0.0.1:1234/some/path\n');
  await options.click('#save-sites');
  await options.waitForSelector('#sites-status:has-text("Saved")');
  assert.equal(await options.inputValue('#sites'), 'example.org\n127.0.0.1');
  const page = await open(`${server.origin}/case/000-farm-rewrite?t=off`);
  await expectNoBanner(page);
  await options.fill('#sites', '');
  await options.click('#save-sites');
  await page.reload();
  await expectBanner(page);
  await page.close();
  await options.close();
});

test('options: a junk index file is refused with the engine\'s message', { skip }, async () => {
  const junk = path.join(tmpDir('unspun-junk-'), 'junk.bin');
  fs.writeFileSync(junk, 'this is not an index at all\n'.repeat(20));
  const options = await open(`chrome-extension://${extId}/options.html`);
  await options.waitForSelector('body[data-ready]');
  await options.setInputFiles('#import', junk);
  await options.waitForSelector('#import-status.error');
  const msg = await options.textContent('#import-status');
  assert.match(msg, /^Could not import "junk\.bin": \S/);
  assert.doesNotMatch(msg, /undefined|\[object/);
  await options.close();
});

const cliSkip = skip || (!fs.existsSync(CLI) && 'target/release/unspun not built');

// Imports the index file `bin` on the options page; returns that page.
async function importIndex(bin, id = extId, context = ctx) {
  const options = await open(`chrome-extension://${id}/options.html`, context);
  await options.waitForSelector('body[data-ready]');
  await options.setInputFiles('#import', bin);
  await options.waitForFunction(() => /Imported/.test(document.getElementById('import-status').textContent), null, { timeout: 15_000 });
  return options;
}

test('options: an index built by the CLI imports and then matches a page', { skip: cliSkip }, async () => {
  const { expected } = readCase('import-custom');
  const page = await open(`${server.origin}/case/import-custom`);
  await expectNoBanner(page); // the default index does not know this article
  const options = await importIndex(buildCustomIndex());
  assert.match(await options.textContent('#indexes'), /elmsworth\.bin — 1 articles/);
  await page.reload();
  const text = await expectBanner(page);
  assert.match(text, /Elmsworth Gazette/);
  assert.ok(text.includes(expected.title));
  // Remove it again: the page goes back to no match.
  await options.getByRole('button', { name: 'Remove elmsworth.bin' }).click();
  await options.waitForFunction(() => !/elmsworth/.test(document.getElementById('indexes').textContent));
  await page.goto(`${server.origin}/case/import-custom?after=remove`);
  await expectNoBanner(page);
  await options.close();
  await page.close();
});

// Quits Chromium and starts it again on the same profile. An unpacked
// extension's id comes from its path, so dist/chrome loaded again is the same
// extension, with the same storage origin. (firefox.test.mjs has the same
// test, with a permanent install.)
test('options: an imported index survives a browser restart (same profile)', { skip: cliSkip }, async () => {
  const { expected } = readCase('import-custom');
  const profile = tmpDir('unspun-chromium-restart-');
  const bin = buildCustomIndex();
  const first = await launch(profile);
  try {
    const page = await open(`${server.origin}/case/import-custom?run=before`, first.context);
    await expectNoBanner(page); // the default index does not know this article
    await importIndex(bin, first.id, first.context);
    await page.reload();
    assert.match(await expectBanner(page), /Elmsworth Gazette/);
  } finally {
    await first.context.close(); // quits this Chromium: the profile is written out
  }

  const second = await launch(profile);
  try {
    assert.equal(second.id, first.id, 'same extension id: its storage is keyed by it');
    const options = await open(`chrome-extension://${second.id}/options.html`, second.context);
    await options.waitForSelector('body[data-ready]');
    const listed = await options.textContent('#indexes');
    assert.match(listed, /Default index — 3 articles/);
    assert.match(listed, /elmsworth\.bin — 1 articles/);
    const page = await open(`${server.origin}/case/import-custom?run=after`, second.context);
    const text = await expectBanner(page);
    assert.match(text, /Elmsworth Gazette/);
    assert.ok(text.includes(expected.title), text);
  } finally {
    await second.context.close();
  }
});

test('service worker killed between pages: re-inits lazily', { skip }, async () => {
  const cdp = await ctx.browser().newBrowserCDPSession();
  const page = await open(`${server.origin}/case/000-farm-rewrite?t=sw1`);
  await expectBanner(page);
  const sw = (await cdp.send('Target.getTargets')).targetInfos
    .find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extId}/`));
  assert.ok(sw, 'extension service worker running');
  await cdp.send('Target.closeTarget', { targetId: sw.targetId });
  await waitFor(async () => !(await cdp.send('Target.getTargets')).targetInfos.some((t) => t.targetId === sw.targetId));
  await page.goto(`${server.origin}/case/000-farm-rewrite?t=sw2`);
  assert.match(await expectBanner(page), /Fox News/);
  await cdp.detach();
  await page.close();
});

test('hostile: strict CSP on the page', { skip }, async () => {
  const page = await open(`${server.origin}/hostile/csp`);
  assert.match(await expectBanner(page), /Fox News/);
  await page.close();
});

test('hostile: markup without whitespace between paragraphs', { skip }, async () => {
  const page = await open(`${server.origin}/hostile/minified`);
  assert.match(await expectBanner(page), /Fox News/);
  await page.close();
});

test('hostile: page CSS hiding and restyling everything with !important', { skip }, async () => {
  const page = await open(`${server.origin}/hostile/css`);
  await expectBanner(page);
  const box = await page.evaluate(() => {
    const host = document.querySelector('unspun-banner');
    const cs = getComputedStyle(host);
    const r = host.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { display: cs.display, position: cs.position, visibility: cs.visibility, opacity: cs.opacity,
      top: r.top, width: r.width, height: r.height, onTop: hit === host, vw: innerWidth };
  });
  assert.deepEqual({ display: box.display, position: box.position, visibility: box.visibility, opacity: box.opacity, onTop: box.onTop },
    { display: 'block', position: 'fixed', visibility: 'visible', opacity: '1', onTop: true });
  assert.equal(box.top, 0);
  assert.equal(box.width, box.vw);
  assert.ok(box.height > 30 && box.height < 200, `height ${box.height}`);
  await page.close();
});

test('hostile: a 20 MB page stays responsive', { skip }, async () => {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(`huge: ${e.message}`));
  await page.goto(`${server.origin}/hostile/huge`, { timeout: 60_000 });
  const t0 = await page.evaluate(() => window.ticks);
  const lags = [];
  for (let i = 0; i < 10; i++) {
    const s = Date.now();
    await page.evaluate(() => 1);
    lags.push(Date.now() - s);
    await page.waitForTimeout(200);
  }
  const t1 = await page.evaluate(() => window.ticks);
  assert.ok(t1 - t0 >= 15, `page timer kept ticking (${t1 - t0} ticks)`);
  assert.ok(Math.max(...lags) < 1000, `evaluate lags ${lags}`);
  await page.close();
});

test('hostile: binary junk shows nothing and throws nothing', { skip }, async () => {
  const before = pageErrors.length;
  const page = await open(`${server.origin}/hostile/junk`);
  await expectNoBanner(page);
  assert.equal(pageErrors.length, before, pageErrors.join('\n'));
  await page.close();
});

test('SPA: banner follows history.pushState article swaps', { skip }, async () => {
  const page = await open(`${server.origin}/spa/a`);
  assert.match(await expectBanner(page), /Fox News/);
  await page.evaluate(() => window.go('/spa/b')); // the SPA's own router (the banner covers its nav bar)
  await page.waitForSelector('unspun-banner', { state: 'detached', timeout: 5000 });
  await expectNoBanner(page);
  await page.evaluate(() => window.go('/spa/a'));
  assert.match(await expectBanner(page), /Fox News/);
  await page.goBack();
  await page.waitForSelector('unspun-banner', { state: 'detached', timeout: 5000 });
  await page.close();
});

test('metrics: DOMContentLoaded to banner, index load; screenshot', { skip }, async () => {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      window.__t = {};
      document.addEventListener('DOMContentLoaded', () => { window.__t.dcl = performance.now(); });
      new MutationObserver((_, obs) => {
        if (document.querySelector('unspun-banner')) { window.__t.banner = performance.now(); obs.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${server.origin}/case/000-farm-rewrite?run=${i}`); // new URL each run: no result cache
    await page.waitForFunction(() => window.__t.banner, null, { timeout: 15_000 });
    const t = await page.evaluate(() => window.__t);
    runs.push(+(t.banner - t.dcl).toFixed(1));
    await page.close();
  }
  const popup = await open(`chrome-extension://${extId}/popup.html`);
  const status = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }));
  await popup.close();
  assert.ok(status.ok);

  const page = await open(`${server.origin}/case/000-farm-rewrite?shot=1`);
  await expectBanner(page);
  await page.waitForTimeout(200);
  fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, 'docs/banner.png') });
  await page.close();

  writeMetrics('chromium', {
    browser: ctx.browser()?.version() ?? 'chromium',
    dclToBannerMs: { median: median(runs), runs },
    backgroundTimings: roundAll(status.timings),
  });
});

test('no network requests beyond the extension and the test server', { skip }, () => {
  const foreign = requests.filter((u) => !(u.startsWith(server.origin) || u.startsWith('chrome-extension://') || u.startsWith('data:') || u === 'about:blank'));
  assert.deepEqual(foreign, []);
  assert.ok(server.requests.every((r) => r.host === new URL(server.origin).host));
  assert.deepEqual(pageErrors, []);
});

function roundAll(o) {
  return Object.fromEntries(Object.entries(o || {}).map(([k, v]) => [k, typeof v === 'number' ? +v.toFixed(1) : v]));
}
