// The command palette: a `dialog[data-palette="<search path>"]` opened by Ctrl+K, Cmd+K or a
// `[data-palette-open]` button. Its listbox starts with the pages the server drew (`[data-palette-page]`),
// filtered as the box is typed; after a short pause the search path is asked for the rest (customers,
// wallets). Up and down choose, Enter opens, Escape closes (the dialog's own).

import { failureText } from './contract.js';

export const SEARCH_PAUSE_MS = 250;
const MIN_SEARCH = 2;

/** Whether every word typed is in `label`, whatever the case. */
export function matches(label, typed) {
  const text = label.toLowerCase();
  return typed
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

/** The option chosen after moving by `delta` from `current` (-1: none yet) among `count`, wrapping round. */
export function moved(current, delta, count) {
  if (count === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : count - 1;
  return (current + delta + count) % count;
}

/** Whether a key press opens the palette: Ctrl+K, or Cmd+K on a Mac. */
export function opensPalette(ev) {
  return (ev.ctrlKey || ev.metaKey) && !ev.altKey && !ev.shiftKey && ev.key.toLowerCase() === 'k';
}

function option(doc, id, { label, detail, href }) {
  const item = doc.createElement('li');
  item.id = id;
  item.setAttribute('role', 'option');
  item.setAttribute('aria-selected', 'false');
  item.dataset.href = href;
  item.className = 'palette-option';
  const name = doc.createElement('span');
  name.className = 'shrink-0 font-medium';
  name.textContent = label;
  const more = doc.createElement('span');
  more.className = 'text-right text-xs text-slate-500';
  more.textContent = detail;
  item.append(name, more);
  return item;
}

/** Wires one palette dialog. */
export function installPalette(win) {
  const doc = win.document;
  const dialog = doc.querySelector('dialog[data-palette]');
  if (!dialog) return;
  const input = dialog.querySelector('[data-palette-input]');
  const list = dialog.querySelector('[role=listbox]');
  const status = dialog.querySelector('[data-palette-status]');
  const hint = status.textContent;
  const pages = Array.from(list.querySelectorAll('[data-palette-page]'));
  let active = -1;
  let timer = 0;
  let inFlight = null;

  const options = () => Array.from(list.querySelectorAll('[role=option]'));
  const choose = (index) => {
    const all = options();
    all.forEach((el, n) => el.setAttribute('aria-selected', String(n === index)));
    active = index;
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', all[index].id);
      all[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const open = (href) => {
    if (href) win.location.assign(href);
  };
  const showPages = (typed) => {
    list.replaceChildren(...pages.filter((page) => matches(page.textContent, typed)));
    choose(typed && list.children.length ? 0 : -1);
  };
  const search = async (typed) => {
    inFlight?.abort();
    const controller = new win.AbortController();
    inFlight = controller;
    status.textContent = 'Searching…';
    try {
      const answer = await win.fetch(dialog.dataset.palette, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new win.URLSearchParams({ q: typed }).toString(),
        signal: controller.signal,
      });
      const body = await answer.text();
      if (controller.signal.aborted) return;
      if (!answer.ok) {
        status.textContent = `The search failed. ${failureText(answer.status, body)}`;
        return;
      }
      const found = JSON.parse(body);
      const items = found.map((f, n) => option(doc, `palette-found-${n}`, f));
      list.append(...items);
      if (active < 0 && items.length) choose(options().indexOf(items[0]));
      const pageCount = list.children.length - items.length;
      status.textContent = items.length || pageCount ? `${items.length} found.` : `Nothing matches “${typed}”.`;
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      status.textContent = 'The portal could not be reached. Check your connection and try again.';
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  };
  const typedNow = () => {
    const typed = input.value.trim();
    inFlight?.abort();
    win.clearTimeout(timer);
    showPages(typed);
    status.textContent = hint;
    if (typed.length >= MIN_SEARCH) timer = win.setTimeout(() => search(typed), SEARCH_PAUSE_MS);
  };
  const show = () => {
    if (dialog.open) return;
    input.value = '';
    showPages('');
    status.textContent = hint;
    dialog.showModal();
    input.focus();
  };

  input.addEventListener('input', typedNow);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      choose(moved(active, ev.key === 'ArrowDown' ? 1 : -1, options().length));
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      open(options()[active]?.dataset.href);
    }
  });
  list.addEventListener('click', (ev) => open(ev.target.closest('[role=option]')?.dataset.href));
  // A click on the backdrop (the dialog itself, outside its content) closes it.
  dialog.addEventListener('click', (ev) => {
    if (ev.target === dialog) dialog.close();
  });
  doc.addEventListener('keydown', (ev) => {
    if (!opensPalette(ev)) return;
    ev.preventDefault();
    show();
  });
  doc.addEventListener('click', (ev) => {
    if (ev.target.closest && ev.target.closest('[data-palette-open]')) show();
  });
}
