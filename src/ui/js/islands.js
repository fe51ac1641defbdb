// The WebAssembly is loaded only on a page with islands, after a frame has been painted (leptos's own
// `HydrationScripts` preloads it from the `<head>`, where it competes with the HTML and the stylesheet for a
// slow link), then each island is hydrated. What the user does before that waits (typing is kept by
// `ui::early_input`).
//
// `hydrateIslands` is a fork of leptos's island loader (leptos-0.8.23/src/hydration/island_script.js) and
// relies on leptos's markup and one of its internals: `ui::hydration_script::leptos_internals` tests both
// against the leptos in Cargo.lock, which is why Cargo.toml pins leptos exactly.

export const ISLAND_TAG = 'LEPTOS-ISLAND';
export const CHILDREN_TAG = 'LEPTOS-CHILDREN';
/**
 * Set by leptos (tachys's `IslandChildren::hydrate`) on a `<leptos-children>` it hydrated: called before an
 * island inside those children hydrates, so that the island's owner is the outer island's.
 */
export const ON_HYDRATE = '$$on_hydrate';

// A tab opened in the background paints no frames until it is shown.
const BACKSTOP_MS = 250;

/**
 * Hydrates each `<leptos-island>` under `root`, in document order, with its function from the WASM module
 * `mod` (named by `data-component`), after calling the hook of the innermost `<leptos-children>` around it.
 */
export async function hydrateIslands(root, mod, warn) {
  const childHooks = [];
  const walk = async (node) => {
    for (const el of Array.from(node.children)) {
      if (el.tagName === ISLAND_TAG) {
        const hook = childHooks[childHooks.length - 1];
        if (hook) hook();
        const island = mod[el.dataset.component];
        if (island) await island(el);
        else warn('No code for the island ' + el.dataset.component);
      } else if (el.tagName === CHILDREN_TAG) {
        childHooks.push(el[ON_HYDRATE]);
        await walk(el);
        childHooks.pop();
        continue;
      }
      await walk(el);
    }
  };
  await walk(root);
}

/**
 * Until the islands answer, a click on an island's button and a form sent in an island wait. Returns the
 * function that stops holding them and replays them, in the order they came.
 */
export function holdIslandEvents(doc) {
  const waiting = [];
  const hold = (ev) => {
    const island = ev.target.closest && ev.target.closest('leptos-island');
    if (!island) return;
    if (ev.type === 'submit') {
      ev.preventDefault();
      waiting.push(() => ev.target.requestSubmit());
      return;
    }
    const control = ev.target.closest('button, input[type=submit]');
    if (control) {
      ev.preventDefault();
      ev.stopPropagation();
      waiting.push(() => control.click());
    }
  };
  doc.addEventListener('click', hold, true);
  doc.addEventListener('submit', hold, true);
  return () => {
    doc.removeEventListener('click', hold, true);
    doc.removeEventListener('submit', hold, true);
    waiting.forEach((replay) => replay());
  };
}

/** Calls `start` once, as soon as a frame has been painted (or after the backstop). */
export function afterFirstPaint(win, start) {
  let started = false;
  const once = () => {
    if (started) return;
    started = true;
    start();
  };
  // A timeout queued from an animation frame runs once that frame is painted.
  win.requestAnimationFrame(() => win.setTimeout(once, 0));
  win.setTimeout(once, BACKSTOP_MS);
}

/** Loads the JS glue `js` and the WASM `wasm`, hydrates the islands, then calls `done`. */
export function loadIslands(win, js, wasm, done) {
  const bytes = win.fetch(wasm);
  import(js).then((mod) =>
    mod.default({ module_or_path: bytes }).then(async () => {
      mod.hydrate();
      await hydrateIslands(win.document.body, mod, (message) => win.console.warn(message));
      // Suspended parts of islands finish in tasks hydration queued; a timeout runs after them.
      win.setTimeout(() => {
        mod.islands_hydrated();
        done();
      }, 0);
    }),
  );
}
