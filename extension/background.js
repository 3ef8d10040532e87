// unspun background: owns the wasm engine and the indexes, answers checks
// from content scripts, keeps per-tab results for the popup and sets the
// badge. Runs as a Chrome service worker (may be killed at any time, so all
// state is rebuilt lazily) and as a Firefox event page.
import { loadWasm, Engine, errorText } from './engine.js';
import { listIndexes, getSettings } from './store.js';

const api = globalThis.browser ?? globalThis.chrome;

const CACHE_MAX = 200;
let loading = null; // Promise<{ indexes, timings }>
const cache = new Map(); // url \n hash \n sensitivity -> result (LRU via Map order)
const tabResults = new Map(); // tabId -> { url, result }

function load() {
  loading ??= (async () => {
    const t0 = performance.now();
    await loadWasm();
    const t1 = performance.now();
    const indexes = [];
    const bytes = new Uint8Array(await (await fetch(api.runtime.getURL('index.bin'))).arrayBuffer());
    const engine = new Engine(bytes);
    indexes.push({ id: 'default', name: 'Default index', engine, info: engine.info() });
    const t2 = performance.now();
    for (const rec of await listIndexes()) {
      try {
        const e = new Engine(new Uint8Array(rec.bytes));
        indexes.push({ id: rec.id, name: rec.name, engine: e, info: e.info() });
      } catch (err) {
        // Stored before an engine upgrade, say: keep going with the rest.
        indexes.push({ id: rec.id, name: rec.name, engine: null, error: errorText(err) });
      }
    }
    const timings = {
      wasmInitMs: t1 - t0,
      defaultIndexMs: t2 - t1,
      totalLoadMs: performance.now() - t0,
    };
    return { indexes, timings };
  })().catch((e) => { loading = null; throw e; });
  return loading;
}

async function reload() {
  const old = loading;
  loading = null;
  cache.clear();
  if (old) {
    try { for (const ix of (await old).indexes) ix.engine?.free(); } catch { /* failed load: nothing to free */ }
  }
  await load();
}

// FNV-1a: cheap, good enough to tell page edits apart under one URL.
function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

// Every index is searched; a match beats no match, then the higher score wins.
function better(a, b) {
  if (!a) return b;
  const am = a.verdict !== 'none', bm = b.verdict !== 'none';
  if (am !== bm) return am ? a : b;
  return b.score > a.score ? b : a;
}

async function check(text, url, published) {
  const { indexes } = await load();
  const { sensitivity } = await getSettings(api);
  const key = `${url}\n${published}\n${hash(text)}\n${sensitivity}`;
  if (cache.has(key)) {
    const hit = cache.get(key);
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  let best = null;
  for (const ix of indexes) {
    if (!ix.engine) continue;
    const r = ix.engine.check(text, url || undefined, sensitivity, published || undefined);
    best = better(best, { ...r, index: ix.name });
  }
  best ??= { verdict: 'none', original: null, score: 0, reused: 0, covered: 0, passages: [] };
  cache.set(key, best);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value);
  return best;
}

async function setBadge(tabId, result) {
  if (tabId == null || tabId < 0) return;
  const hit = result && result.verdict !== 'none';
  const title = hit
    ? `unspun: ${result.verdict === 'copy' ? 'copy' : 'rewrite'} of an article by ${result.original?.source || 'another outlet'}`
    : 'unspun';
  try {
    await api.action.setBadgeText({ tabId, text: hit ? '!' : '' });
    if (hit) await api.action.setBadgeBackgroundColor({ tabId, color: '#b45309' });
    await api.action.setTitle({ tabId, title });
  } catch { /* tab closed meanwhile */ }
}

async function rememberTab(tabId, entry) {
  if (tabId == null || tabId < 0) return;
  if (entry) tabResults.set(tabId, entry); else tabResults.delete(tabId);
  // storage.session survives a killed service worker, not a browser restart.
  try {
    if (entry) await api.storage.session?.set({ [`tab:${tabId}`]: entry });
    else await api.storage.session?.remove(`tab:${tabId}`);
  } catch { /* storage.session unavailable: memory only */ }
}

async function tabEntry(tabId) {
  if (tabResults.has(tabId)) return tabResults.get(tabId);
  try {
    const key = `tab:${tabId}`;
    return (await api.storage.session?.get(key))?.[key] ?? null;
  } catch {
    return null;
  }
}

async function summary() {
  const { indexes, timings } = await load();
  return {
    indexes: indexes.map((ix) => ({ id: ix.id, name: ix.name, info: ix.info ?? null, error: ix.error ?? null })),
    articles: indexes.reduce((n, ix) => n + (ix.info?.articles ?? 0), 0),
    timings,
  };
}

const handlers = {
  async check(msg, sender) {
    const text = String(msg.text ?? '').slice(0, 200_000);
    const url = typeof msg.url === 'string' ? msg.url : '';
    const published = typeof msg.published === 'string' ? msg.published.slice(0, 64) : '';
    const result = await check(text, url, published);
    const tabId = sender.tab?.id;
    await rememberTab(tabId, { url, result });
    await setBadge(tabId, result);
    return { result };
  },
  async clear(_msg, sender) {
    await rememberTab(sender.tab?.id, null);
    await setBadge(sender.tab?.id, null);
    return {};
  },
  async status(msg) {
    const s = await summary();
    return { ...s, tab: msg.tabId != null ? await tabEntry(msg.tabId) : null };
  },
  async reload() {
    await reload();
    return summary();
  },
};

// sendResponse + `return true` works in both browsers (Chrome ignores
// promises returned from onMessage listeners before very recent versions).
api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const h = msg && handlers[msg.type];
  if (!h || sender.id !== api.runtime.id) return false;
  h(msg, sender).then(
    (r) => sendResponse({ ok: true, ...r }),
    (e) => sendResponse({ ok: false, error: errorText(e) }),
  );
  return true;
});

api.tabs.onRemoved.addListener((tabId) => { rememberTab(tabId, null); });
// A new document in the tab: its old result no longer applies (the content
// script of the new page reports again). Needs no "tabs" permission.
api.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') rememberTab(tabId, null);
});

api.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.settings) cache.clear();
});
