// unspun content script (classic script; Readability.js and
// Readability-readerable.js are loaded before it by the manifest).
// Extracts the article, asks the background whether it copies an indexed
// original and, only if it does, shows a banner. Everything is wrapped: a
// failure here must never surface in, or break, the page.
(() => {
  'use strict';
  if (window.top !== window || globalThis.__unspun) return;
  globalThis.__unspun = true;

  const api = globalThis.browser ?? globalThis.chrome;
  const MAX_PAGE_CHARS = 3_000_000; // skip Readability on bigger pages
  const MAX_PAGE_ELEMENTS = 60_000;
  const MAX_TEXT = 200_000; // what the engine gets at most
  // Shorter text is no article to check. Also Readability's threshold for
  // a failed pass: at its default (500) a short brief loses to the page's
  // longer "You may also like" list. The CLI uses the same.
  const MIN_TEXT = 200;
  const POLL_MS = 700; // in-page navigation check (isolated world: no pushState hook)
  const SETTLE_MS = 600; // let an SPA render the new article
  const MAX_FEEDBACK = 1000; // "Not a rewrite?" verdicts kept

  let seq = 0; // bumps on each run: stale answers are dropped
  let lastUrl = pageKey();
  let banner = null;
  let poll = 0;
  let reported = false; // the background holds a result for this tab

  function pageKey() {
    return location.href.split('#')[0];
  }

  function canonicalUrl() {
    const link = document.querySelector('link[rel~="canonical" i][href]');
    if (link) {
      try {
        const u = new URL(link.getAttribute('href'), location.href);
        if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
      } catch { /* bad href: fall back */ }
    }
    return location.href;
  }

  function hostDisabled(host, sites) {
    host = host.toLowerCase();
    return (sites || []).some((s) => s && (host === s || host.endsWith(`.${s}`)));
  }

  // Block elements end a line. textContent would glue "</p><p>" into one
  // run-on sentence on pages whose markup has no whitespace between blocks.
  const BLOCK = new Set(['P', 'DIV', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE',
    'TR', 'TD', 'TH', 'DT', 'DD', 'FIGCAPTION', 'FIGURE', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER',
    'UL', 'OL', 'DL', 'TABLE', 'BR', 'HR']);

  function blockText(root) {
    const parts = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) {
        // Text following a block inside its parent ("<p>A</p>and B").
        if (n.previousSibling && BLOCK.has(n.previousSibling.nodeName)) parts.push('\n');
        parts.push(n.data);
      } else if (BLOCK.has(n.nodeName)) parts.push('\n');
    }
    return parts.join('');
  }

  function extract() {
    const body = document.body;
    if (!body) return null;
    if (body.getElementsByTagName('*').length > MAX_PAGE_ELEMENTS) return null;
    if (body.textContent.length > MAX_PAGE_CHARS) return null;
    if (!isProbablyReaderable(document)) return null;
    const article = new Readability(document.cloneNode(true), {
      serializer: (el) => el,
      charThreshold: MIN_TEXT,
    }).parse();
    const text = article && article.content && blockText(article.content).trim();
    if (!text || text.length < MIN_TEXT) return null;
    // The page's own date: an original published after it is not its source.
    const published = typeof article.publishedTime === 'string' ? article.publishedTime.slice(0, 64) : '';
    return { text: text.slice(0, MAX_TEXT), published };
  }

  async function run() {
    const my = ++seq;
    try {
      const { settings, feedback } = await api.storage.local.get(['settings', 'feedback']);
      if (my !== seq) return;
      if (hostDisabled(location.hostname, settings?.disabledSites)) return;
      const page = extract();
      if (!page) {
        // Only wake the background if it has something to forget.
        if (reported) send({ type: 'clear' });
        reported = false;
        return;
      }
      const url = canonicalUrl();
      const { text, published } = page;
      const res = await api.runtime.sendMessage({ type: 'check', url, text, published });
      reported = true;
      if (my !== seq || !res || !res.ok) return;
      const r = res.result;
      if (!r || (r.verdict !== 'copy' && r.verdict !== 'rewrite') || !r.original) return;
      const fb = feedbackKey(url, r.original.url);
      if (feedback && feedback[fb]) return;
      showBanner(r, text, fb);
    } catch {
      /* extension reloaded, page torn down, engine failure: stay silent */
    }
  }

  function send(msg) {
    try { api.runtime.sendMessage(msg).catch(() => {}); } catch { /* context gone */ }
  }

  function feedbackKey(pageUrl, originalUrl) {
    return `${pageUrl} ${originalUrl}`;
  }

  // ---- banner -------------------------------------------------------------

  const HOST_STYLE = [
    'all: initial', 'display: block', 'position: fixed', 'top: 0', 'left: 0', 'right: 0',
    'width: auto', 'height: auto', 'margin: 0', 'padding: 0', 'z-index: 2147483647',
    'visibility: visible', 'opacity: 1', 'transform: none', 'filter: none', 'clip-path: none',
    'pointer-events: auto', 'contain: layout style',
  ].map((d) => `${d} !important`).join('; ');

  const SHADOW_CSS = `
    :host { all: initial; }
    .bar { box-sizing: border-box; display: flex; gap: 12px; align-items: flex-start;
      padding: 10px 14px; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      background: #fff7e0; color: #1f2328; border-bottom: 3px solid #d97706;
      box-shadow: 0 2px 8px rgba(0,0,0,.18); text-align: left; }
    .msg { flex: 1 1 auto; min-width: 0; }
    .lead { font-weight: 700; margin: 0 0 2px; }
    .detail { margin: 0; }
    a { color: #0645ad; text-decoration: underline; }
    .actions { display: flex; gap: 8px; flex: 0 0 auto; align-items: center; flex-wrap: wrap; }
    button { font: inherit; font-size: 14px; cursor: pointer; border-radius: 6px; padding: 4px 10px;
      border: 1px solid #b45309; background: #fff; color: #7c2d12; }
    button.close { border: none; background: transparent; font-size: 22px; line-height: 1; padding: 2px 8px; color: #1f2328; }
    button:focus-visible, a:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
    .brand { font-weight: 800; color: #b45309; flex: 0 0 auto; }
    @media (prefers-color-scheme: dark) {
      .bar { background: #2b2111; color: #f3f0e8; border-bottom-color: #f59e0b; }
      a { color: #8ab4f8; }
      button { background: #1f1a12; color: #fcd34d; border-color: #f59e0b; }
      button.close { color: #f3f0e8; background: transparent; }
      .brand { color: #fbbf24; }
    }`;

  function el(tag, props, ...kids) {
    const e = document.createElement(tag);
    Object.assign(e, props);
    for (const k of kids) e.append(k); // strings become text nodes: never parsed as HTML
    return e;
  }

  function formatDate(s) {
    if (!s) return '';
    const d = new Date(s);
    if (Number.isNaN(d.getTime())) return String(s);
    return d.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  }

  function safeHref(u) {
    try {
      const url = new URL(u);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  }

  function showBanner(r, text, fbKey) {
    removeBanner();
    const o = r.original;
    const source = (o.source || '').trim() || 'another outlet';
    const lead = r.verdict === 'copy'
      ? `This page copies an article by ${source}.`
      : `This article appears to be a rewrite of an article by ${source}.`;

    const title = (o.title || '').trim() || o.url || 'the original';
    const href = safeHref(o.url);
    const headline = href
      ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', referrerPolicy: 'no-referrer' }, title)
      : el('cite', {}, title);
    const pct = Math.round((r.reused || 0) * 100);
    const date = formatDate(o.published);
    const detail = el('p', { className: 'detail' }, 'Original: ', headline,
      date ? ` (${date})` : '',
      pct > 0 ? ` · about ${pct}% of the original reused.` : '.');

    const show = el('button', { type: 'button', className: 'show' }, 'Show matches');
    const notRw = el('button', { type: 'button', className: 'not' }, 'Not a rewrite?');
    const close = el('button', { type: 'button', className: 'close', title: 'Dismiss' }, '×');
    close.setAttribute('aria-label', 'Dismiss');

    const bar = el('div', { className: 'bar' },
      el('span', { className: 'brand' }, 'unspun'),
      el('div', { className: 'msg' }, el('p', { className: 'lead' }, lead), detail),
      el('div', { className: 'actions' }, show, notRw, close));
    bar.setAttribute('role', 'region');
    bar.setAttribute('aria-label', 'unspun: copied article warning');
    bar.setAttribute('aria-live', 'polite');

    const host = document.createElement('unspun-banner');
    host.setAttribute('style', HOST_STYLE);
    const root = host.attachShadow({ mode: 'open' });
    root.append(el('style', {}, SHADOW_CSS), bar);

    let marks = [];
    show.addEventListener('click', () => {
      try {
        if (marks.length) {
          unmark(marks);
          marks = [];
          show.textContent = 'Show matches';
          return;
        }
        marks = highlight(r.passages || [], text);
        if (marks.length) {
          show.textContent = 'Hide matches';
          marks[0].scrollIntoView({ block: 'center' });
        } else {
          show.textContent = 'No passages found';
          show.disabled = true;
        }
      } catch { /* page DOM changed under us */ }
    });
    close.addEventListener('click', () => removeBanner());
    notRw.addEventListener('click', async () => {
      removeBanner();
      send({ type: 'clear' });
      try {
        const { feedback = {} } = await api.storage.local.get('feedback');
        feedback[fbKey] = { verdict: 'not-rewrite', original: o.url, at: new Date().toISOString() };
        // Keep the newest MAX_FEEDBACK verdicts (insertion order = age).
        const keys = Object.keys(feedback);
        for (const k of keys.slice(0, Math.max(0, keys.length - MAX_FEEDBACK))) delete feedback[k];
        await api.storage.local.set({ feedback });
      } catch { /* storage unavailable */ }
    });
    const onKey = (e) => {
      if (e.key === 'Escape' && banner) removeBanner();
    };
    document.addEventListener('keydown', onKey, true);

    (document.documentElement || document).append(host);
    banner = {
      host,
      remove() {
        document.removeEventListener('keydown', onKey, true);
        unmark(marks);
        host.remove();
      },
    };
  }

  function removeBanner() {
    const b = banner;
    banner = null;
    if (b) b.remove();
  }

  // ---- highlighting -------------------------------------------------------
  // The engine's offsets index the Readability text we sent, not the DOM. So
  // each passage is looked up again in the page's text nodes, comparing with
  // all whitespace removed (Readability and the DOM differ mostly there).

  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA', 'TEMPLATE', 'UNSPUN-BANNER', 'UNSPUN-MARK']);
  const MARK_STYLE = 'background: #ffe066 !important; color: #111 !important; border-radius: 2px !important; box-shadow: 0 0 0 1px #f5c518 !important;';

  function textIndex() {
    const nodes = [];
    const nodeOf = [];
    const offOf = [];
    let s = '';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode(n) {
        for (let p = n.parentNode; p && p !== document.body; p = p.parentNode) {
          if (SKIP.has(p.nodeName)) return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let n = walker.nextNode(); n && s.length < MAX_PAGE_CHARS; n = walker.nextNode()) {
      const v = n.nodeValue;
      const k = nodes.push(n) - 1;
      let part = '';
      for (let i = 0; i < v.length; i++) {
        const c = v[i];
        if (/\s/.test(c)) continue;
        part += c;
        nodeOf.push(k);
        offOf.push(i);
      }
      s += part;
    }
    return { s, nodes, nodeOf, offOf };
  }

  function pieces(passage) {
    const whole = passage.replace(/\s+/g, '');
    if (whole.length < 12) return [];
    // Whole passage first; if the DOM splits it oddly, fall back to sentences.
    const sentences = passage.split(/(?<=[.!?…"”’])\s+/).map((p) => p.replace(/\s+/g, '')).filter((p) => p.length >= 20);
    return [whole, ...(sentences.length > 1 ? sentences : [])];
  }

  function highlight(passages, text) {
    const idx = textIndex();
    const ranges = []; // [start, end) in idx.s
    for (const p of passages) {
      const sub = text.slice(p.page_start, p.page_end);
      const [whole, ...parts] = pieces(sub);
      if (!whole) continue;
      const at = idx.s.indexOf(whole);
      if (at >= 0) {
        ranges.push([at, at + whole.length]);
        continue;
      }
      for (const part of parts) {
        const i = idx.s.indexOf(part);
        if (i >= 0) ranges.push([i, i + part.length]);
      }
    }
    // Per text node segments, merged, wrapped from the end so offsets hold.
    const segs = new Map();
    for (const [a, b] of ranges) {
      for (let i = a; i < b;) {
        const k = idx.nodeOf[i];
        let j = i;
        while (j + 1 < b && idx.nodeOf[j + 1] === k) j++;
        const list = segs.get(k) || [];
        list.push([idx.offOf[i], idx.offOf[j] + 1]);
        segs.set(k, list);
        i = j + 1;
      }
    }
    const marks = [];
    const order = [...segs.keys()].sort((x, y) => x - y);
    for (const k of order) {
      const list = segs.get(k).sort((x, y) => x[0] - y[0]);
      const merged = [];
      for (const s of list) {
        const last = merged[merged.length - 1];
        if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
        else merged.push([...s]);
      }
      const node = idx.nodes[k];
      const nodeMarks = [];
      for (let m = merged.length - 1; m >= 0; m--) {
        const [a, b] = merged[m];
        if (b < node.nodeValue.length) node.splitText(b);
        const mid = a > 0 ? node.splitText(a) : node;
        const mark = document.createElement('unspun-mark');
        mark.setAttribute('style', MARK_STYLE);
        mid.replaceWith(mark);
        mark.append(mid);
        nodeMarks.unshift(mark);
      }
      marks.push(...nodeMarks);
    }
    return marks;
  }

  function unmark(marks) {
    for (const m of marks) {
      const parent = m.parentNode;
      if (!parent) continue;
      m.replaceWith(...m.childNodes);
      parent.normalize();
    }
  }

  // ---- lifecycle ----------------------------------------------------------

  function onUrlMaybeChanged() {
    if (!api.runtime?.id) { // extension updated or removed: this script is orphaned
      clearInterval(poll);
      return;
    }
    const now = pageKey();
    if (now === lastUrl) return;
    lastUrl = now;
    seq++; // drop answers for the old article
    removeBanner();
    if (reported) send({ type: 'clear' });
    reported = false;
    setTimeout(run, SETTLE_MS);
  }

  try {
    // Content scripts can't see the page's history.pushState calls, so poll
    // (a string compare) and also react at once to back/forward.
    poll = setInterval(onUrlMaybeChanged, POLL_MS);
    window.addEventListener('popstate', onUrlMaybeChanged);
    api.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && changes.settings) {
        removeBanner();
        run();
      }
    });
    run();
  } catch { /* never throw into the page */ }
})();
