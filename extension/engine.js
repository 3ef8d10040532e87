// Loads the wasm engine once per extension page / worker. Shared by the
// background and the options page (which validates imported index files).
import init, { Engine } from './wasm/unspun.js';

let ready = null;

export function loadWasm() {
  // A resolved URL rather than the glue's import.meta default so both
  // browsers fetch the packaged file the same way.
  ready ??= init({ module_or_path: new URL('./wasm/unspun_bg.wasm', import.meta.url) })
    .catch((e) => { ready = null; throw e; });
  return ready;
}

// wasm-bindgen throws Error objects for JsError, plain values otherwise.
export function errorText(e) {
  return (e && typeof e.message === 'string' && e.message) || String(e);
}

export { Engine };
