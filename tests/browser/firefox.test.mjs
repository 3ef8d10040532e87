// The extension in headless Firefox ESR (selenium-webdriver + geckodriver),
// installed as a temporary add-on from dist/unspun-firefox.zip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Builder, Key } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import {
  DIST, readCase, distMissing, startServer, hostilePages, tmpDir, median, writeMetrics, CLI, buildCustomIndex,
} from './helpers.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER || [
  '/root/.cargo/bin/geckodriver', path.join(process.env.HOME || '/root', '.cargo/bin/geckodriver'), '/usr/bin/geckodriver',
].find((p) => fs.existsSync(p));
const ZIP = path.join(DIST, 'unspun-firefox.zip');
const ADDON_ID = 'unspun@unspun.dev';
const UUID = '5f0d7a39-1c52-4f0e-9a57-756e73707531'; // fixed so tests can open moz-extension:// pages
const QUIET_MS = 2500;

const skip = distMissing()
  || (!fs.existsSync(ZIP) && 'dist/unspun-firefox.zip missing')
  || (!fs.existsSync(FIREFOX) && `${FIREFOX} not found (apt-get install firefox-esr)`)
  || (!GECKODRIVER && 'geckodriver not found (cargo install --locked geckodriver --version 0.37.1)');

let driver, server;
const EXT = `moz-extension://${UUID}`;

// Headless Firefox ESR through geckodriver; `args` and `prefs` add to the
// common setup. The add-on is installed by the caller.
function startFirefox({ args = [], prefs = {} } = {}) {
  const opts = new firefox.Options()
    .setBinary(FIREFOX)
    .addArguments('-headless', ...args)
    .windowSize({ width: 1280, height: 800 })
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ [ADDON_ID]: UUID }))
    // Keep Firefox's own background traffic off (updates, telemetry, safe browsing).
    .setPreference('app.update.enabled', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('toolkit.telemetry.enabled', false)
    .setPreference('browser.safebrowsing.malware.enabled', false)
    .setPreference('browser.safebrowsing.phishing.enabled', false)
    .setPreference('extensions.update.enabled', false)
    .setPreference('network.captive-portal-service.enabled', false);
  for (const [k, v] of Object.entries(prefs)) opts.setPreference(k, v);
  return new Builder()
    .forBrowser('firefox')
    .setFirefoxOptions(opts)
    .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER).addArguments('--allow-system-access')) // chrome context: see openExtPage()
    .build();
}

before(async () => {
  if (skip) return;
  process.env.SE_OFFLINE = 'true'; // no Selenium Manager downloads
  server = await startServer();
  hostilePages(server);
  driver = await startFirefox();
  await driver.installAddon(ZIP, true);
});

after(async () => {
  await driver?.quit();
  await server?.close();
});

// WebDriver refuses to navigate to moz-extension:// URLs, so load them from
// the browser chrome context (what typing the URL in the address bar does).
async function openExtPage(file, d = driver) {
  await d.executeScript('window.__stale = 1'); // tells the old page from the new one
  await d.setContext(firefox.Context.CHROME);
  try {
    await d.executeScript(
      'openTrustedLinkIn(arguments[0], "current")', `${EXT}/${file}`);
  } finally {
    await d.setContext(firefox.Context.CONTENT);
  }
  await d.wait(async () => (await d.getCurrentUrl()).startsWith(`${EXT}/${file}`), 10_000);
  await d.wait(() => d.executeScript(
    'return !window.__stale && location.pathname === arguments[0] && document.body?.dataset.ready === "1"', `/${file}`), 10_000);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const bannerText = (d = driver) => d.executeScript(`
  const host = document.querySelector('unspun-banner');
  return host ? host.shadowRoot.querySelector('.bar').textContent : null;`);

async function expectBanner(d = driver, timeout = 15_000) {
  await d.wait(async () => (await bannerText(d)) !== null, timeout, 'banner did not appear');
  return bannerText(d);
}

async function expectNoBanner(d = driver) {
  await sleep(QUIET_MS);
  assert.equal(await bannerText(d), null, 'no banner expected');
}

const clickInBanner = (selector) => driver.executeScript(
  'document.querySelector("unspun-banner").shadowRoot.querySelector(arguments[0]).click()', selector);

test('seed 000 shows the banner naming Fox News and the original headline', { skip }, async () => {
  const { expected } = readCase('000-farm-rewrite');
  await driver.get(`${server.origin}/case/000-farm-rewrite`);
  const text = await expectBanner();
  assert.match(text, /(copies an article|rewrite of an article) by Fox News/);
  const link = await driver.executeScript(`
    const a = document.querySelector('unspun-banner').shadowRoot.querySelector('a');
    return a && { href: a.href, text: a.textContent };`);
  assert.deepEqual(link, { href: expected.url, text: expected.title });
});

for (const name of ['003-farm-other', '001-original', '002-original']) {
  test(`${name} shows nothing`, { skip }, async () => {
    await driver.get(`${server.origin}/case/${name}`);
    await expectNoBanner();
  });
}

test('a page dated before the original is not called its rewrite', { skip }, async () => {
  await driver.get(`${server.origin}/dated/after`);
  assert.match(await expectBanner(), /Fox News/);
  await driver.get(`${server.origin}/dated/before`);
  await expectNoBanner();
});

test('show matches, dismiss (× and Esc), "Not a rewrite?" persists', { skip }, async () => {
  await driver.get(`${server.origin}/case/000-farm-rewrite?t=ff`);
  await expectBanner();
  await clickInBanner('button.show');
  assert.ok(await driver.executeScript('return document.querySelectorAll("unspun-mark").length') > 0);
  await clickInBanner('button.close');
  assert.equal(await bannerText(), null);
  await driver.navigate().refresh();
  await expectBanner();
  await driver.actions().sendKeys(Key.ESCAPE).perform();
  await driver.wait(async () => (await bannerText()) === null, 2000, 'Esc did not dismiss');
  await driver.navigate().refresh();
  await expectBanner();
  await clickInBanner('button.not');
  assert.equal(await bannerText(), null);
  await driver.navigate().refresh();
  await expectNoBanner();
});

test('hostile: strict CSP page still gets the banner', { skip }, async () => {
  await driver.get(`${server.origin}/hostile/csp`);
  assert.match(await expectBanner(), /Fox News/);
});

test('hostile: markup without whitespace between paragraphs', { skip }, async () => {
  await driver.get(`${server.origin}/hostile/minified`);
  assert.match(await expectBanner(), /Fox News/);
});

test('hostile: page CSS restyling everything with !important', { skip }, async () => {
  await driver.get(`${server.origin}/hostile/css`);
  await expectBanner();
  const box = await driver.executeScript(`
    const host = document.querySelector('unspun-banner');
    const cs = getComputedStyle(host);
    const r = host.getBoundingClientRect();
    return { display: cs.display, position: cs.position, visibility: cs.visibility, top: r.top,
      tall: r.height > 30, onTop: document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === host };`);
  assert.deepEqual(box, { display: 'block', position: 'fixed', visibility: 'visible', top: 0, tall: true, onTop: true });
});

test('SPA: banner follows pushState swaps', { skip }, async () => {
  await driver.get(`${server.origin}/spa/a`);
  await expectBanner();
  await driver.executeScript('window.go("/spa/b")');
  await driver.wait(async () => (await bannerText()) === null, 5000, 'banner stayed after navigation');
  await expectNoBanner();
  await driver.executeScript('window.go("/spa/a")');
  await expectBanner();
});

test('popup and options render', { skip }, async () => {
  await openExtPage('popup.html');
  const text = await driver.executeScript('return document.body.textContent');
  assert.match(text, /No match among 3 originals/);
  // Firefox 127+ grants the content-script host access at install (shown in
  // the install prompt); the popup would say so if it were withheld.
  assert.equal(await driver.executeScript('return document.getElementById("access").hidden'), true);
  await openExtPage('options.html');
  assert.match(await driver.executeScript('return document.getElementById("indexes").textContent'), /Default index — 3 articles/);
});

async function importFile(file, d = driver) {
  await openExtPage('options.html', d);
  const input = await d.findElement({ css: '#import' });
  await input.sendKeys(file);
  await d.wait(async () => /Imported|Could not/.test(await d.executeScript('return document.getElementById("import-status").textContent')), 15_000)
    .catch(async (e) => { throw new Error(`${e.message}; status: ${await d.executeScript('return document.getElementById("import-status").textContent')}`); });
  return d.executeScript('return document.getElementById("import-status").textContent');
}

test('options: junk index file shows a clear error', { skip }, async () => {
  const junk = path.join(tmpDir('unspun-junk-'), 'junk.bin');
  fs.writeFileSync(junk, 'not an index\n'.repeat(50));
  const msg = await importFile(junk);
  assert.match(msg, /^Could not import "junk\.bin": \S/);
  assert.doesNotMatch(msg, /undefined|\[object/);
});

const cliSkip = skip || (!fs.existsSync(CLI) && 'target/release/unspun not built');

test('options: CLI-built index imports and matches', { skip: cliSkip }, async () => {
  const bin = buildCustomIndex();
  assert.match(await importFile(bin), /Imported "elmsworth\.bin": 1 articles/);
  await driver.get(`${server.origin}/case/import-custom`);
  assert.match(await expectBanner(), /Elmsworth Gazette/);
});

// A temporary add-on (how the other tests install it) is removed when Firefox
// quits, so it cannot show what a reader's installed add-on does across a
// restart. This test installs the unsigned add-on permanently instead, which
// Firefox ESR allows with xpinstall.signatures.required=false, into a profile
// that geckodriver uses in place (-profile), quits Firefox, and starts it again
// on that profile without installing anything.
test('options: an imported index survives a browser restart (permanent install, same profile)', { skip: cliSkip }, async (t) => {
  const { expected } = readCase('import-custom');
  const profile = tmpDir('unspun-firefox-restart-');
  const launch = () => startFirefox({ args: ['-profile', profile], prefs: { 'xpinstall.signatures.required': false } });
  const bin = buildCustomIndex();
  let d = await launch();
  try {
    try {
      await d.installAddon(ZIP, false);
    } catch (e) {
      if (!/sign/i.test(e.message)) throw e;
      // A release build ignores the pref: only ESR, Developer Edition and Nightly honour it.
      t.skip(`this Firefox refuses an unsigned permanent install: ${e.message}`);
      return;
    }
    await d.get(`${server.origin}/case/import-custom?run=before`);
    await expectNoBanner(d); // the default index does not know this article
    assert.match(await importFile(bin, d), /Imported "elmsworth\.bin": 1 articles/);
    await d.get(`${server.origin}/case/import-custom?run=imported`);
    assert.match(await expectBanner(d), /Elmsworth Gazette/);
  } finally {
    await d.quit();
  }

  d = await launch();
  try {
    await openExtPage('options.html', d); // the add-on came back with the profile
    const listed = await d.executeScript('return document.getElementById("indexes").textContent');
    assert.match(listed, /Default index — 3 articles/);
    assert.match(listed, /elmsworth\.bin — 1 articles/);
    await d.get(`${server.origin}/case/import-custom?run=after`);
    const text = await expectBanner(d);
    assert.match(text, /Elmsworth Gazette/);
    assert.ok(text.includes(expected.title), text);
  } finally {
    await d.quit();
  }
});

test('metrics: DOMContentLoaded to banner', { skip }, async () => {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    // /timed/000 is the 000 page with a head script stamping DOMContentLoaded
    // and the banner's insertion (WebDriver classic has no init scripts).
    await driver.get(`${server.origin}/timed/000?run=${i}`);
    await driver.wait(() => driver.executeScript('return !!(window.__t && window.__t.banner)'), 15_000);
    const t = await driver.executeScript('return window.__t');
    runs.push(+(t.banner - t.dcl).toFixed(1));
  }
  await openExtPage('popup.html');
  const status = await driver.executeAsyncScript(
    'const done = arguments[arguments.length - 1]; browser.runtime.sendMessage({ type: "status" }).then(done, (e) => done({ error: String(e) }));');
  writeMetrics('firefox', {
    dclToBannerMs: { median: median(runs), runs },
    backgroundTimings: status.timings,
  });
});
