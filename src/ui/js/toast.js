import { TOAST_EVENT } from './contract.js';

// Toasts raised just before the browser moves to another page ride in the tab's session storage and are
// shown by the next page, which may have no island.
const CARRIED = 'eclipse-admin.toasts';
const SHOWN_FOR_MS = 6000;

/** Adds a toast to the page's toast host (`ui::toast::ToastHost`); null on a page without one. */
export function drawToast(doc, kind, text) {
  const host = doc.getElementById('toasts');
  if (!host) return null;
  const toast = doc.createElement('div');
  const tone =
    kind === 'success' ? 'bg-emerald-50 text-emerald-900 ring-emerald-200' : 'bg-red-50 text-red-900 ring-red-200';
  toast.className = 'pointer-events-auto rounded-lg px-4 py-3 text-sm shadow-lg ring-1 ' + tone;
  toast.setAttribute('role', 'status');
  toast.dataset.testid = 'toast';
  toast.textContent = text;
  host.appendChild(toast);
  return toast;
}

/** Keeps a toast for the next page this tab loads. */
export function carryToast(storage, kind, text) {
  try {
    const carried = JSON.parse(storage.getItem(CARRIED) || '[]');
    carried.push([kind, text]);
    storage.setItem(CARRIED, JSON.stringify(carried));
  } catch {
    // No storage (blocked, full): the toast is lost, the page still moves on.
  }
}

/** The toasts the page before carried, forgotten as they are read so that each shows once. */
export function takeCarriedToasts(storage) {
  try {
    const carried = JSON.parse(storage.getItem(CARRIED) || '[]');
    storage.removeItem(CARRIED);
    return Array.isArray(carried) ? carried : [];
  } catch {
    return [];
  }
}

/** Draws the toasts islands raise (`TOAST_EVENT`) and those carried from the page before. */
export function installToasts(win, storage) {
  const show = (kind, text) => {
    const toast = drawToast(win.document, kind, text);
    if (toast) win.setTimeout(() => toast.remove(), SHOWN_FOR_MS);
  };
  win.document.addEventListener(TOAST_EVENT, (ev) => {
    const { kind, text, afterLoad } = ev.detail;
    if (afterLoad) carryToast(storage, kind, text);
    else show(kind, text);
  });
  for (const [kind, text] of takeCarriedToasts(storage)) show(kind, text);
}
