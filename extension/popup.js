// Popup: the current tab's result and the indexes in use.
import { showAccessNotice } from './access.js';

const api = globalThis.browser ?? globalThis.chrome;
const $ = (id) => document.getElementById(id);

function plural(n, one, many) {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

async function main() {
  await showAccessNotice();
  // tabs.query needs no "tabs" permission for the id.
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  const res = await api.runtime.sendMessage({ type: 'status', tabId: tab?.id });
  if (!res?.ok) throw new Error(res?.error || 'no answer from the background');

  const r = res.tab?.result;
  if (r && r.verdict !== 'none' && r.original) {
    const o = r.original;
    $('verdict').textContent = r.verdict === 'copy'
      ? `This page copies an article by ${o.source || 'another outlet'}.`
      : `This article appears to be a rewrite of an article by ${o.source || 'another outlet'}.`;
    const d = $('detail');
    d.textContent = 'Original: ';
    let href = null;
    try { href = /^https?:$/.test(new URL(o.url).protocol) ? o.url : null; } catch { /* not a URL */ }
    const t = document.createElement(href ? 'a' : 'cite');
    t.textContent = o.title || o.url;
    if (href) Object.assign(t, { href, target: '_blank', rel: 'noopener noreferrer' });
    d.append(t, ` · about ${Math.round((r.reused || 0) * 100)}% of the original reused`);
  } else {
    $('verdict').textContent = `No match among ${plural(res.articles, 'original', 'originals')}.`;
    $('detail').textContent = res.tab ? '' : 'unspun only checks pages that look like articles.';
  }

  const ul = $('indexes');
  for (const ix of res.indexes) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = ix.name;
    const info = document.createElement('span');
    info.className = ix.error ? 'error' : 'muted';
    info.textContent = ix.error ? ix.error : plural(ix.info.articles, 'article', 'articles');
    li.append(name, info);
    ul.append(li);
  }
  document.body.dataset.ready = '1';
}

main().catch((e) => {
  $('verdict').textContent = 'unspun could not load its index.';
  $('detail').textContent = String(e?.message || e);
  $('detail').className = 'error';
  document.body.dataset.ready = '1';
});
