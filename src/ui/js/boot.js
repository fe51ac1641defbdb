import { HYDRATED_ATTRIBUTE } from './contract.js';
import { installToasts } from './toast.js';
import { installForms } from './forms.js';
import { installLiveSearch } from './live-search.js';
import { installSessionTimer } from './session-timer.js';
import { installShortcuts } from './shortcuts.js';
import { installThemeSwitch } from './theme.js';
import { installPalette } from './palette.js';
import { installSavedViews } from './saved-views.js';
import { afterFirstPaint, holdIslandEvents, loadIslands } from './islands.js';

/** The tab's session storage, or null where the browser refuses it (its getter throws then). */
export function sessionStorageOf(win) {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

/** Marks the page hydrated: what the end-to-end tests wait for. */
export function markHydrated(doc) {
  doc.documentElement.setAttribute(HYDRATED_ATTRIBUTE, '');
}

/** The page's bootstrap: `js` and `wasm` are the paths of the WASM's JS glue and of the WASM. */
export function boot(win, js, wasm) {
  const storage = sessionStorageOf(win);
  installToasts(win, storage);
  installForms(win, storage);
  installLiveSearch(win);
  installSessionTimer(win);
  installShortcuts(win);
  installThemeSwitch(win);
  installPalette(win);
  installSavedViews(win);
  if (!win.document.querySelector('leptos-island')) return markHydrated(win.document);
  const release = holdIslandEvents(win.document);
  afterFirstPaint(win, () =>
    loadIslands(win, js, wasm, () => {
      release();
      markHydrated(win.document);
    }),
  );
}
