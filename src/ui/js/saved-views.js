// A list's saved views (`[data-saved-views="<list>"]`, drawn by the server without an island): the save form,
// the default toggle and the delete button send their server function here, and the page then moves to what
// they changed, saying so (a toast shown after the load).
import { TOAST_EVENT, failureText } from './contract.js';

/** The query a view keeps: the address's as it is now, without `?`. */
export function queryOf(location) {
  return location.search.replace(/^\?/, '');
}

/** Where the list shows `view` (its saved query). */
export function viewHref(path, query) {
  return query ? `${path}?${query}` : path;
}

/** What a save came to (`error::Outcome` as JSON): the view, a field's message, or why it was refused. */
export function saveOutcome(answer) {
  if (answer.Done) return { view: answer.Done };
  if (answer.Invalid) return { field: answer.Invalid[0]?.field, message: answer.Invalid[0]?.message };
  return { refused: answer.Refused || 'The view was not saved.' };
}

function toastAfterLoad(win, text) {
  const detail = { kind: 'success', text, afterLoad: true };
  win.document.dispatchEvent(new win.CustomEvent(TOAST_EVENT, { detail }));
}

async function send(win, path, fields) {
  const answer = await win.fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new win.URLSearchParams(fields).toString(),
  });
  const body = await answer.text();
  if (!answer.ok) throw new Error(failureText(answer.status, body));
  return body ? JSON.parse(body) : null;
}

/** Shows `text` in the nearest problem line (hidden when empty). */
function say(scope, text) {
  const line = scope.querySelector('[data-view-problem]');
  if (!line) return;
  line.textContent = text;
  line.hidden = !text;
}

/** Runs `work` with `button` busy (disabled, saying its `data-busy`), saying a failure in `scope`. */
async function busy(button, scope, work) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = button.dataset.busy || label;
  say(scope, '');
  try {
    await work();
  } catch (err) {
    say(scope, err.message || 'The portal could not be reached. Check your connection and try again.');
    button.disabled = false;
    button.textContent = label;
  }
}

function installBar(win, bar) {
  const list = bar.dataset.savedViews;
  const path = bar.dataset.listPath;
  const form = bar.querySelector('form[data-view-save]');
  form?.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = form.elements.name;
    const error = form.querySelector('#view-name-error');
    const showError = (message) => {
      error.textContent = message || '';
      error.hidden = !message;
      name.setAttribute('aria-invalid', String(Boolean(message)));
    };
    showError('');
    const fields = {
      list,
      name: name.value,
      query: queryOf(win.location),
      make_default: String(form.elements.make_default.checked),
    };
    const button = form.querySelector('button[type=submit]');
    busy(button, form, async () => {
      const outcome = saveOutcome(await send(win, '/api/views/save', fields));
      if (outcome.view) {
        toastAfterLoad(win, `Saved the view “${outcome.view.name}”.`);
        win.location.assign(viewHref(path, outcome.view.query));
        return;
      }
      if (outcome.field) showError(outcome.message);
      else say(form, outcome.refused);
      name.focus();
      button.disabled = false;
      button.textContent = 'Save view';
    });
  });
  clearsItsError(form);

  const toggle = bar.querySelector('[data-view-default]');
  toggle?.addEventListener('click', () =>
    busy(toggle, bar, async () => {
      const fields = { list, view_id: toggle.dataset.viewId, on: toggle.dataset.viewDefault };
      await send(win, '/api/views/default', fields);
      toastAfterLoad(win, toggle.dataset.viewSaid);
      win.location.reload();
    }),
  );

  const dialog = bar.querySelector('dialog[data-view-confirm]');
  bar.querySelector('[data-view-delete]')?.addEventListener('click', () => {
    say(dialog, '');
    dialog.showModal();
    dialog.querySelector('[data-view-cancel]').focus();
  });
  dialog?.querySelector('[data-view-cancel]').addEventListener('click', () => dialog.close());
  const confirm = dialog?.querySelector('[data-view-confirm-delete]');
  confirm?.addEventListener('click', () =>
    busy(confirm, dialog, async () => {
      await send(win, '/api/views/delete', { list, view_id: confirm.dataset.viewConfirmDelete });
      toastAfterLoad(win, `Deleted the view “${confirm.dataset.viewName}”.`);
      win.location.assign(path);
    }),
  );
}

/** A name's message goes once the name is edited. */
function clearsItsError(form) {
  form?.elements.name.addEventListener('input', () => {
    const error = form.querySelector('#view-name-error');
    error.hidden = true;
    form.elements.name.setAttribute('aria-invalid', 'false');
  });
}

export function installSavedViews(win) {
  win.document.querySelectorAll('[data-saved-views]').forEach((bar) => installBar(win, bar));
}
