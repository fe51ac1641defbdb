// Plain forms (sign-in, sign-out, the lists' searches; islands have their own): a sent form's button is
// disabled and says so, and its `data-keep` fields are typed again if the server answers with the form (a
// refused sign-in). "Go back" buttons go back.

const KEPT = 'eclipse-admin.kept';

/** The values of the form's `data-keep` fields, by field id. */
export function fieldsToKeep(form) {
  const keep = {};
  form.querySelectorAll('[data-keep]').forEach((field) => (keep[field.id] = field.value));
  return keep;
}

/** Types the kept values into the `data-keep` fields still empty, once: they are forgotten as they are read. */
export function restoreKeptFields(doc, storage) {
  try {
    const kept = JSON.parse(storage.getItem(KEPT) || 'null');
    storage.removeItem(KEPT);
    if (!kept) return;
    for (const [id, value] of Object.entries(kept)) {
      const field = doc.getElementById(id);
      if (field && field.hasAttribute('data-keep') && !field.value) field.value = value;
    }
  } catch {
    // No storage, or not ours: nothing to restore.
  }
}

/** The button says the form was sent (its `data-pending` text) and cannot send it again. */
export function showPending(button) {
  button.dataset.label = button.textContent;
  button.disabled = true;
  button.textContent = button.dataset.pending;
}

/** Undoes `showPending`. */
export function clearPending(button) {
  button.disabled = false;
  button.textContent = button.dataset.label;
}

export function installForms(win, storage) {
  const doc = win.document;
  doc.addEventListener('click', (ev) => {
    if (ev.target.closest && ev.target.closest('[data-go-back]')) {
      ev.preventDefault();
      win.history.back();
    }
  });
  restoreKeptFields(doc, storage);
  doc.addEventListener('submit', (ev) => {
    const form = ev.target;
    if (ev.defaultPrevented || form.closest('leptos-island')) return;
    try {
      storage.setItem(KEPT, JSON.stringify(fieldsToKeep(form)));
    } catch {
      // No storage: the fields are not kept.
    }
    const button = form.querySelector('button[data-pending]');
    if (button) showPending(button);
  });
  // Back to a page kept in memory: its forms can be sent again.
  win.addEventListener('pageshow', (ev) => {
    if (ev.persisted) doc.querySelectorAll('button[data-pending][disabled]').forEach(clearPending);
  });
}
