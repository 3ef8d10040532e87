// Options: sensitivity, sites to skip, and imported index files.
import { loadWasm, Engine, errorText } from './engine.js';
import { addIndex, removeIndex, getSettings } from './store.js';
import { showAccessNotice } from './access.js';

const api = globalThis.browser ?? globalThis.chrome;
const $ = (id) => document.getElementById(id);

async function saveSettings(patch) {
  const settings = { ...(await getSettings(api)), ...patch };
  await api.storage.local.set({ settings });
}

// "https://www.Example.com/path" -> "www.example.com"; junk lines dropped.
function parseSites(text) {
  const out = [];
  for (let line of text.split('\n')) {
    line = line.trim().toLowerCase();
    if (!line || line.startsWith('#')) continue;
    try {
      const host = new URL(line.includes('://') ? line : `http://${line}`).hostname;
      if (host && !out.includes(host)) out.push(host);
    } catch { /* not a host */ }
  }
  return out;
}

async function renderIndexes() {
  const res = await api.runtime.sendMessage({ type: 'status' });
  const ul = $('indexes');
  ul.replaceChildren();
  if (!res?.ok) {
    const li = document.createElement('li');
    li.className = 'error';
    li.textContent = res?.error || 'The background did not answer.';
    ul.append(li);
    return;
  }
  for (const ix of res.indexes) {
    const li = document.createElement('li');
    const label = document.createElement('span');
    const info = ix.info
      ? ` — ${ix.info.articles.toLocaleString()} articles, built ${String(ix.info.built).slice(0, 10)}`
      : ` — ${ix.error}`;
    label.textContent = ix.name + info;
    li.append(label);
    if (ix.id !== 'default') {
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.textContent = 'Remove';
      rm.setAttribute('aria-label', `Remove ${ix.name}`);
      rm.addEventListener('click', async () => {
        await removeIndex(ix.id);
        await api.runtime.sendMessage({ type: 'reload' });
        await renderIndexes();
      });
      li.append(rm);
    }
    ul.append(li);
  }
}

async function importFile(file) {
  const status = $('import-status');
  status.className = 'muted';
  status.textContent = `Checking ${file.name}…`;
  const bytes = await file.arrayBuffer();
  let info;
  try {
    await loadWasm();
    // The engine's constructor validates the file and says what is wrong.
    const engine = new Engine(new Uint8Array(bytes));
    info = engine.info();
    engine.free();
  } catch (e) {
    status.className = 'error';
    status.textContent = `Could not import "${file.name}": ${errorText(e)}`;
    return;
  }
  await addIndex({ name: file.name, bytes, info, added: new Date().toISOString() });
  const res = await api.runtime.sendMessage({ type: 'reload' });
  if (!res?.ok) throw new Error(res?.error || 'background reload failed');
  // List first: once the status says "Imported", the list already shows it.
  await renderIndexes();
  status.className = '';
  status.textContent = `Imported "${file.name}": ${info.articles.toLocaleString()} articles.`;
}

async function main() {
  await showAccessNotice();
  const settings = await getSettings(api);
  $('sensitivity').value = settings.sensitivity;
  $('sites').value = settings.disabledSites.join('\n');

  $('sensitivity').addEventListener('change', (e) => saveSettings({ sensitivity: e.target.value }));
  $('save-sites').addEventListener('click', async () => {
    const disabledSites = parseSites($('sites').value);
    await saveSettings({ disabledSites });
    $('sites').value = disabledSites.join('\n');
    $('sites-status').textContent = 'Saved.';
  });
  $('import').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      await importFile(file);
    } catch (err) {
      $('import-status').className = 'error';
      $('import-status').textContent = `Could not import "${file.name}": ${errorText(err)}`;
    }
  });
  await renderIndexes();
  document.body.dataset.ready = '1';
}

main().catch((e) => {
  $('import-status').className = 'error';
  $('import-status').textContent = errorText(e);
  document.body.dataset.ready = '1';
});
