// Index files the reader imported live in IndexedDB (binary, no size cap as
// tight as storage.local's); settings and verdicts live in storage.local.
const DB = 'unspun';
const STORE = 'indexes';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, fn) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

// -> [{ id, name, bytes: ArrayBuffer, info, added }]
export const listIndexes = () => tx('readonly', (s) => s.getAll());
export const addIndex = (rec) => tx('readwrite', (s) => s.add(rec));
export const removeIndex = (id) => tx('readwrite', (s) => s.delete(id));

export const DEFAULT_SETTINGS = Object.freeze({ sensitivity: 'normal', disabledSites: [] });

export async function getSettings(api) {
  const { settings } = await api.storage.local.get('settings');
  return { ...DEFAULT_SETTINGS, ...settings };
}
