// The theme switch: a form marked `data-theme-switch` whose `theme` select shows the chosen theme at once on
// the themed layout (`data-theme-root`) and sends it to the server, which keeps it for the admin. Without this
// script the form is sent as it is, and the page comes back in the new theme.
import { TOAST_EVENT } from './contract.js';

/** Shows `theme` on the layout at once. */
export function showTheme(doc, theme) {
  const root = doc.querySelector('[data-theme-root]');
  if (root) root.setAttribute('data-theme', theme);
}

/** Sends the choice; says so when the server did not keep it (the page keeps showing it). */
export async function keepTheme(win, form) {
  try {
    const answer = await win.fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new win.URLSearchParams(new win.FormData(form)).toString(),
    });
    if (!answer.ok) throw new Error(String(answer.status));
  } catch {
    const detail = { kind: 'error', text: 'The theme could not be kept; it shows until you leave this page.' };
    win.document.dispatchEvent(new win.CustomEvent(TOAST_EVENT, { detail }));
  }
}

export function installThemeSwitch(win) {
  win.document.addEventListener('change', (ev) => {
    const form = ev.target.form;
    if (!form || form.dataset.themeSwitch === undefined || ev.target.name !== 'theme') return;
    showTheme(win.document, ev.target.value);
    keepTheme(win, form);
  });
}
