import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearPending, fieldsToKeep, installForms, restoreKeptFields, showPending } from '../forms.js';
import { FakeStorage, FakeTarget } from './fakes.js';

const field = (id, value, keep = true) => ({ id, value, hasAttribute: (name) => keep && name === 'data-keep' });
const button = () => ({ textContent: 'Sign in', disabled: false, dataset: { pending: 'Signing in…' } });

function signInForm({ inIsland = false } = {}) {
  const identity = field('identity', 'mzansi.system');
  const submit = button();
  return {
    identity,
    submit,
    closest: (selector) => (inIsland && selector === 'leptos-island' ? {} : null),
    querySelectorAll: (selector) => (selector === '[data-keep]' ? [identity] : []),
    querySelector: (selector) => (selector === 'button[data-pending]' ? submit : null),
  };
}

function documentWith(fields) {
  const doc = new FakeTarget();
  doc.getElementById = (id) => fields.find((f) => f.id === id) ?? null;
  doc.querySelectorAll = () => [];
  return doc;
}

test('the fields marked data-keep are kept, by id', () => {
  assert.deepEqual(fieldsToKeep(signInForm()), { identity: 'mzansi.system' });
});

test('kept values fill the kept fields still empty, once', () => {
  const identity = field('identity', '');
  const typed = field('other', 'typed again');
  const unmarked = field('password', '', false);
  const storage = new FakeStorage({
    'eclipse-admin.kept': JSON.stringify({ identity: 'mzansi.system', other: 'old', password: 'secret', gone: 'x' }),
  });
  restoreKeptFields(documentWith([identity, typed, unmarked]), storage);
  assert.equal(identity.value, 'mzansi.system');
  assert.equal(typed.value, 'typed again');
  assert.equal(unmarked.value, '');
  assert.equal(storage.getItem('eclipse-admin.kept'), null);
});

test('restoring without storage does nothing and does not throw', () => {
  restoreKeptFields(documentWith([]), new FakeStorage({}, { blocked: true }));
  restoreKeptFields(documentWith([]), null);
});

test('a pending button says so, and comes back as it was', () => {
  const submit = button();
  showPending(submit);
  assert.deepEqual([submit.disabled, submit.textContent], [true, 'Signing in…']);
  clearPending(submit);
  assert.deepEqual([submit.disabled, submit.textContent], [false, 'Sign in']);
});

test('a plain form sent keeps its fields and shows its button pending; an island form is left alone', () => {
  const doc = documentWith([]);
  const win = new FakeTarget();
  win.document = doc;
  const storage = new FakeStorage();
  installForms(win, storage);

  const island = signInForm({ inIsland: true });
  doc.fire('submit', { target: island });
  assert.equal(island.submit.disabled, false);
  const prevented = signInForm();
  doc.fire('submit', { target: prevented, defaultPrevented: true });
  assert.equal(prevented.submit.disabled, false);
  assert.equal(storage.getItem('eclipse-admin.kept'), null);

  const form = signInForm();
  doc.fire('submit', { target: form });
  assert.equal(form.submit.textContent, 'Signing in…');
  assert.deepEqual(JSON.parse(storage.getItem('eclipse-admin.kept')), { identity: 'mzansi.system' });

  // Back to this page from the browser's memory: the button can send again.
  doc.querySelectorAll = (selector) => (selector === 'button[data-pending][disabled]' ? [form.submit] : []);
  win.fire('pageshow', { persisted: false });
  assert.equal(form.submit.disabled, true);
  win.fire('pageshow', { persisted: true });
  assert.deepEqual([form.submit.disabled, form.submit.textContent], [false, 'Sign in']);
});

test('"Go back" goes back', () => {
  const doc = documentWith([]);
  let back = 0;
  const win = Object.assign(new FakeTarget(), { document: doc, history: { back: () => back++ } });
  installForms(win, new FakeStorage());
  const goBack = { closest: (selector) => (selector === '[data-go-back]' ? {} : null) };
  assert.equal(doc.fire('click', { target: goBack }).defaultPrevented, true);
  assert.equal(doc.fire('click', { target: { closest: () => null } }).defaultPrevented, false);
  assert.equal(back, 1);
});
