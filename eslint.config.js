// ESLint flat config: the extension (browser + WebExtension globals) and the
// node-side browser tests.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/', 'build/', 'target/', 'node_modules/', 'tmp-dev/'] },
  js.configs.recommended,
  {
    files: ['extension/**/*.js'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.webextensions },
    },
  },
  {
    // Classic content script, loaded after Readability's two files.
    files: ['extension/content.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { Readability: 'readonly', isProbablyReaderable: 'readonly' },
    },
  },
  {
    files: ['tests/**/*.mjs', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
  },
  {
    // Functions passed to page.evaluate / executeScript run in the page.
    files: ['tests/browser/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser, chrome: 'readonly' } },
  },
];
