// A search form marked `data-live="<id>"`: its results (the element <id>) follow the typing after a pause,
// replaced in place so the box keeps the focus; a choice in a list searches at once.

const TYPING_PAUSE_MS = 300;

/**
 * The address a live search loads: the form's fields that are not blank, trimmed. The form has no `page`
 * field, so a new search starts at the first page.
 */
export function searchHref(pathname, entries) {
  const query = new URLSearchParams();
  for (const [name, value] of entries) if (String(value).trim()) query.set(name, String(value).trim());
  const text = query.toString();
  return pathname + (text ? '?' + text : '');
}

/**
 * `swap(href, id)` replaces the element `id` by the same element of the page at `href`, and shows `href` in
 * the address bar. Only the latest swap lands (answers can come back out of order); when the part cannot be
 * swapped (a redirect, such as to sign-in, or a page without it) the browser loads `href` as a whole.
 */
export function swapper(win) {
  let swaps = 0;
  return async (href, id) => {
    const mine = ++swaps;
    try {
      const answer = await win.fetch(href, { credentials: 'same-origin' });
      const page = new win.DOMParser().parseFromString(await answer.text(), 'text/html');
      if (mine !== swaps) return;
      const fresh = page.getElementById(id);
      const here = win.document.getElementById(id);
      if (answer.redirected || !fresh || !here) return win.location.assign(href);
      here.replaceWith(fresh);
      win.history.replaceState(null, '', href);
    } catch {
      win.location.assign(href);
    }
  };
}

export function installLiveSearch(win) {
  const swap = swapper(win);
  const pauses = new WeakMap();
  const search = (form, pause) => {
    win.clearTimeout(pauses.get(form));
    const run = () => swap(searchHref(win.location.pathname, new win.FormData(form)), form.dataset.live);
    pauses.set(form, win.setTimeout(run, pause));
  };
  win.document.addEventListener('input', (ev) => {
    const form = ev.target.form;
    if (form && form.dataset.live) search(form, ev.target.tagName === 'SELECT' ? 0 : TYPING_PAUSE_MS);
  });
  // Typed before this script ran: search for it now.
  win.document.querySelectorAll('form[data-live]').forEach((form) => {
    const box = form.querySelector('input[name=q]');
    if (box && box.value !== box.defaultValue) search(form, 0);
  });
}
