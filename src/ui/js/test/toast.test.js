import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOAST_EVENT } from '../contract.js';
import { carryToast, drawToast, installToasts, takeCarriedToasts } from '../toast.js';
import { FakeClock, FakeStorage, FakeTarget } from './fakes.js';

function element() {
  const el = { children: [], dataset: {}, attributes: {}, removed: false };
  el.setAttribute = (name, value) => (el.attributes[name] = value);
  el.appendChild = (child) => el.children.push(child);
  el.remove = () => (el.removed = true);
  return el;
}

function page({ host = true } = {}) {
  const doc = new FakeTarget();
  doc.host = host ? element() : null;
  doc.getElementById = (id) => (id === 'toasts' ? doc.host : null);
  doc.createElement = () => element();
  return doc;
}

test('a toast is drawn in the host, as a status with its tone', () => {
  const doc = page();
  const toast = drawToast(doc, 'success', 'Saved');
  assert.deepEqual(doc.host.children, [toast]);
  assert.equal(toast.textContent, 'Saved');
  assert.equal(toast.attributes.role, 'status');
  assert.equal(toast.dataset.testid, 'toast');
  assert.match(toast.className, /bg-emerald-50/);
  assert.match(drawToast(doc, 'error', 'Refused').className, /bg-red-50/);
});

test('a page without a toast host draws nothing', () => {
  assert.equal(drawToast(page({ host: false }), 'success', 'Saved'), null);
});

test('carried toasts are read in order, and once', () => {
  const storage = new FakeStorage();
  carryToast(storage, 'success', 'Created');
  carryToast(storage, 'error', 'But not sent');
  assert.deepEqual(takeCarriedToasts(storage), [
    ['success', 'Created'],
    ['error', 'But not sent'],
  ]);
  assert.deepEqual(takeCarriedToasts(storage), []);
});

test('without storage, or with something else in it, toasts are neither carried nor shown, and nothing throws', () => {
  const blocked = new FakeStorage({}, { blocked: true });
  carryToast(blocked, 'success', 'Created');
  assert.deepEqual(takeCarriedToasts(blocked), []);
  assert.deepEqual(takeCarriedToasts(null), []);
  assert.deepEqual(takeCarriedToasts(new FakeStorage({ 'eclipse-admin.toasts': '{"not":"a list"}' })), []);
  assert.deepEqual(takeCarriedToasts(new FakeStorage({ 'eclipse-admin.toasts': 'not JSON' })), []);
});

test('an island raises a toast: shown now for six seconds, or carried to the next page', () => {
  const doc = page();
  const clock = new FakeClock();
  const storage = new FakeStorage();
  installToasts({ document: doc, setTimeout: (fn, ms) => clock.setTimeout(fn, ms) }, storage);

  doc.fire(TOAST_EVENT, { detail: { kind: 'success', text: 'Saved', afterLoad: false } });
  const [toast] = doc.host.children;
  assert.equal(toast.textContent, 'Saved');
  clock.advance(5999);
  assert.equal(toast.removed, false);
  clock.advance(1);
  assert.equal(toast.removed, true);

  doc.fire(TOAST_EVENT, { detail: { kind: 'success', text: 'Created', afterLoad: true } });
  assert.equal(doc.host.children.length, 1);
  assert.deepEqual(takeCarriedToasts(storage), [['success', 'Created']]);
});

test('the toasts the page before carried are shown as the page starts', () => {
  const doc = page();
  const storage = new FakeStorage();
  carryToast(storage, 'success', 'Deleted');
  installToasts({ document: doc, setTimeout: () => {} }, storage);
  assert.deepEqual(
    doc.host.children.map((t) => t.textContent),
    ['Deleted'],
  );
  assert.equal(storage.getItem('eclipse-admin.toasts'), null);
});
