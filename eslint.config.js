// ESLint's recommended rules over the project's JavaScript (`npm run lint:js`, run by scripts/check-js.sh).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['target/', '**/node_modules/', 'end2end/test-results/', 'end2end/playwright-report/', 'bench/out/'] },
  js.configs.recommended,
  {
    // The page's bootstrap runs in the browser only.
    files: ['src/ui/js/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Node scripts and tests; those driving a browser hand it functions that use the page's globals.
    files: ['src/ui/js/test/**', 'eslint.config.js', 'scripts/**', 'bench/**', 'end2end/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
