// Shared pieces of the browser tests: a 127.0.0.1 page server that records
// every request, the test pages, and browser launchers.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PAGES = path.join(ROOT, 'tests/pages');
export const DIST = path.join(ROOT, 'dist');

export function readCase(name) {
  const dir = path.join(PAGES, name);
  return {
    html: fs.readFileSync(path.join(dir, 'source.html'), 'utf8'),
    expected: JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')),
  };
}

// The CLI that builds index files (cargo build --release).
export const CLI = process.env.UNSPUN_CLI || path.join(ROOT, 'target/release/unspun');

// The import-custom article as an index file, built by the CLI; its path.
export function buildCustomIndex() {
  const bin = path.join(tmpDir('unspun-ix-'), 'elmsworth.bin');
  execFileSync(CLI, ['index', 'build', '--out', bin, path.join(PAGES, 'import-custom/article.jsonl')], { stdio: 'pipe' });
  return bin;
}

export function distMissing() {
  for (const b of ['chrome', 'firefox']) {
    for (const f of ['manifest.json', 'index.bin', 'wasm/unspun_bg.wasm']) {
      if (!fs.existsSync(path.join(DIST, b, f))) return `dist/${b}/${f} missing: run scripts/build-extension.sh first`;
    }
  }
  return null;
}

// Routes: "/case/<name>" serves tests/pages/<name>/source.html; tests add
// more with server.route(path, (req, res) => ...).
export async function startServer() {
  const routes = new Map();
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, host: req.headers.host });
    const url = new URL(req.url, 'http://x');
    const h = routes.get(url.pathname);
    if (h) return h(req, res);
    const m = url.pathname.match(/^\/case\/([\w-]+)\/?$/);
    if (m && fs.existsSync(path.join(PAGES, m[1], 'source.html'))) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(readCase(m[1]).html);
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    route(p, handler) { routes.set(p, handler); },
    html(p, body, headers = {}) {
      routes.set(p, (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
        res.end(body);
      });
    },
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
  };
}

export function tmpDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// The hostile / edge-case pages, built from the 000 page.
export function hostilePages(server) {
  const farm = readCase('000-farm-rewrite').html;
  // No whitespace between tags, as many sites serve it: paragraphs must not
  // run together into one sentence.
  server.html('/hostile/minified', farm.replace(/>\s+</g, '><'));
  // The rewrite dated before and after its original (2025-04-30): a page
  // cannot copy an article published after it.
  const dated = (when) => farm.replace('</head>', `<meta property="article:published_time" content="${when}"></head>`);
  server.html('/dated/before', dated('2025-04-02T08:00:00+00:00'));
  server.html('/dated/after', dated('2025-05-02T08:00:00+00:00'));
  server.html('/hostile/csp', farm, { 'content-security-policy': "script-src 'self'; object-src 'none'" });
  server.html('/hostile/css', farm.replace('</head>', `<style>
    div, section, header, nav, main, article, aside, footer, p, span, a, body > *, html > * {
      display: none !important; visibility: hidden !important; opacity: 0 !important;
      position: absolute !important; top: -9999px !important; font-size: 1px !important;
      color: transparent !important; transform: scale(0) !important; z-index: -1 !important;
      filter: blur(20px) !important; width: 0 !important; height: 0 !important; overflow: hidden !important;
    }
    html > body { display: block !important; visibility: visible !important; opacity: 1 !important; position: static !important; top: 0 !important; width: auto !important; height: auto !important; transform: none !important; filter: none !important; z-index: auto !important; }
  </style></head>`));
  // Timing variant: stamps DOMContentLoaded and the banner's insertion.
  server.html('/timed/000', farm.replace('</head>', `<script>
    window.__t = {};
    document.addEventListener('DOMContentLoaded', () => { window.__t.dcl = performance.now(); });
    new MutationObserver((_, obs) => {
      if (document.querySelector('unspun-banner')) { window.__t.banner = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  </script></head>`));
  // ~20 MB: the article plus a huge comment section; a page timer must keep ticking.
  const chunk = '<div class="comment"><p>' + 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(30) + '</p></div>\n';
  const big = farm.replace('</article>', '</article>\n<section id="comments">' + chunk.repeat(Math.ceil(20e6 / chunk.length)) + '</section>')
    .replace('</head>', '<script src="/ticker.js"></script></head>');
  server.html('/hostile/huge', big);
  server.route('/ticker.js', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end('window.ticks = 0; setInterval(() => { window.ticks++; }, 50);');
  });
  // Binary junk served as HTML.
  let seed = 12345;
  const junk = Buffer.alloc(300_000);
  for (let i = 0; i < junk.length; i++) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; junk[i] = seed >> 16 & 255; }
  server.route('/hostile/junk', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(junk);
  });
  // SPA: /spa/a shows the 000 rewrite, /spa/b the 003 page; links swap them with pushState.
  const a = articleOf(farm);
  const b = articleOf(readCase('003-farm-other').html);
  const spa = `<!doctype html><html><head><meta charset="utf-8"><title>SPA news</title>
<script src="/spa.js"></script></head><body><header><a id="to-a" href="/spa/a">A</a> <a id="to-b" href="/spa/b">B</a></header>
<main id="view"></main></body></html>`;
  server.html('/spa/a', spa);
  server.html('/spa/b', spa);
  server.route('/spa.js', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(`const pages = ${JSON.stringify({ '/spa/a': a, '/spa/b': b })};
function show(p) { document.getElementById('view').innerHTML = pages[p] || ''; }
window.go = (p) => { history.pushState({}, '', p); show(p); };
document.addEventListener('DOMContentLoaded', () => {
  show(location.pathname);
  document.querySelectorAll('header a').forEach((a) => a.addEventListener('click', (e) => { e.preventDefault(); window.go(a.getAttribute('href')); }));
});
window.addEventListener('popstate', () => show(location.pathname));`);
  });
}

function articleOf(html) {
  return html.slice(html.indexOf('<article>'), html.indexOf('</article>') + '</article>'.length);
}

export const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function waitFor(fn, { timeout = 10_000, interval = 100 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting (${last})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

// build/metrics.json holds one entry per browser; each test file updates its own.
export function writeMetrics(key, value) {
  const file = path.join(ROOT, 'build/metrics.json');
  let all = {};
  try { all = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* first writer */ }
  all[key] = { ...value, measured: new Date().toISOString() };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
  console.log(`metrics ${key}:`, JSON.stringify(all[key]));
}
