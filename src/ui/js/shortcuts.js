// Keyboard shortcuts. An element marked `data-shortcut="<key>"` is clicked when that key is pressed, so a
// shortcut asks the same confirmations as the click; `data-shortcut-submit` then sends its form (its
// confirmation opens), and `data-shortcut-focus="<id>"` moves the focus where the user goes next. `?`, or a
// `data-shortcut-help` button, lists the page's shortcuts from their `data-shortcut-label`.

export const HELP_KEY = '?';
const HELP_ID = 'shortcut-help';
// Fields where a key is typed text, not a shortcut.
const TYPING =
  'textarea, select, [contenteditable=""], [contenteditable="true"], input:not([type=radio]):not([type=checkbox]):not([type=button]):not([type=submit])';

/** The key a press stands for: letters in lower case, `=` for `+` (the same key without Shift). */
export function keyOf(ev) {
  if (ev.key === '=') return '+';
  return ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
}

/** Whether a press is meant for the page's shortcuts: not typed, not the browser's, not under a dialog. */
export function isShortcut(ev, doc) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented || ev.repeat) return false;
  if (ev.target && ev.target.closest && ev.target.closest(TYPING)) return false;
  return !doc.querySelector('dialog[open], [aria-modal="true"]');
}

const usable = (el) => !el.disabled && el.getClientRects().length > 0;

/** The page's shortcuts, once per key, in document order: `{ key, label }`. */
export function shortcutsOf(doc) {
  const seen = new Map();
  for (const el of doc.querySelectorAll('[data-shortcut]')) {
    const key = el.dataset.shortcut;
    if (!seen.has(key) && usable(el)) {
      seen.set(key, el.dataset.shortcutLabel || el.getAttribute('aria-label') || el.textContent.trim());
    }
  }
  return Array.from(seen, ([key, label]) => ({ key, label }));
}

/** Clicks what `key` stands for (each matching control: both panes of a pair zoom together). */
export function press(win, key) {
  const targets = Array.from(win.document.querySelectorAll('[data-shortcut]')).filter(
    (el) => el.dataset.shortcut === key && usable(el),
  );
  for (const el of targets) {
    el.click();
    if (el.dataset.shortcutSubmit !== undefined && el.form) el.form.requestSubmit();
    const next = el.dataset.shortcutFocus;
    // The field may only appear once the click's change has been drawn.
    if (next) win.setTimeout(() => win.document.getElementById(next)?.focus(), 0);
  }
  return targets.length > 0;
}

/** The list of the page's shortcuts, in a modal dialog that Escape or "Close" closes. */
export function showHelp(doc) {
  doc.getElementById(HELP_ID)?.remove();
  const dialog = doc.createElement('dialog');
  dialog.id = HELP_ID;
  dialog.setAttribute('aria-labelledby', HELP_ID + '-title');
  dialog.className = 'm-auto w-full max-w-md rounded-xl bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/40';
  const title = doc.createElement('h2');
  title.id = HELP_ID + '-title';
  title.className = 'text-base font-semibold';
  title.textContent = 'Keyboard shortcuts';
  const list = doc.createElement('dl');
  list.className = 'mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm';
  const palette = doc.querySelector('dialog[data-palette]')
    ? [{ key: 'Ctrl K', label: 'Go to a page, a customer or a wallet' }]
    : [];
  for (const { key, label } of [...shortcutsOf(doc), ...palette, { key: HELP_KEY, label: 'This list' }]) {
    const term = doc.createElement('dt');
    const kbd = doc.createElement('kbd');
    kbd.className = 'rounded border border-slate-300 bg-slate-50 px-2 py-0.5 font-mono text-xs';
    kbd.textContent = key;
    term.appendChild(kbd);
    const what = doc.createElement('dd');
    what.textContent = label;
    list.append(term, what);
  }
  const close = doc.createElement('button');
  close.type = 'button';
  close.className = 'btn-secondary mt-6';
  close.textContent = 'Close';
  close.addEventListener('click', () => dialog.close());
  dialog.append(title, list, close);
  // Inside the themed layout, so the list wears the admin's theme.
  (doc.querySelector('[data-theme-root]') || doc.body).appendChild(dialog);
  dialog.showModal();
  close.focus();
  return dialog;
}

export function installShortcuts(win) {
  const doc = win.document;
  doc.addEventListener('keydown', (ev) => {
    if (!isShortcut(ev, doc)) return;
    const key = keyOf(ev);
    if (key === HELP_KEY) {
      ev.preventDefault();
      showHelp(doc);
    } else if (press(win, key)) {
      ev.preventDefault();
    }
  });
  doc.addEventListener('click', (ev) => {
    if (ev.target.closest && ev.target.closest('[data-shortcut-help]')) showHelp(doc);
  });
}
