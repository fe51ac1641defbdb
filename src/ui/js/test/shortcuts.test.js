import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installShortcuts, isShortcut, keyOf, press, shortcutsOf } from '../shortcuts.js';
import { FakeTarget } from './fakes.js';

/** A control marked with a shortcut; it records its clicks, and is hidden or disabled when asked. */
function control(key, { label, hidden = false, disabled = false, submit = false, focus } = {}) {
  const el = { dataset: { shortcut: key }, disabled, clicks: 0, textContent: ` ${label ?? key} ` };
  if (label) el.dataset.shortcutLabel = label;
  if (submit) {
    el.dataset.shortcutSubmit = '';
    el.form = { sent: 0, requestSubmit: () => el.form.sent++ };
  }
  if (focus) el.dataset.shortcutFocus = focus;
  el.getClientRects = () => (hidden ? [] : [{}]);
  el.getAttribute = () => null;
  el.click = () => el.clicks++;
  return el;
}

function page(controls, { modal = false } = {}) {
  const doc = new FakeTarget();
  const focused = [];
  doc.querySelectorAll = () => controls;
  doc.querySelector = () => (modal ? {} : null);
  doc.getElementById = (id) => ({ focus: () => focused.push(id) });
  const timers = [];
  return { document: doc, focused, timers, setTimeout: (fn) => timers.push(fn) };
}

const typedIn = (selector) => ({ closest: (s) => (s.includes(selector) ? {} : null) });

test('a key is a shortcut only outside text fields, without Ctrl, Alt or Meta, and with no dialog open', () => {
  const doc = page([]).document;
  const on = (target) => ({ key: 'v', target });
  assert.equal(isShortcut(on({ closest: () => null }), doc), true);
  assert.equal(isShortcut({ ...on(null), ctrlKey: true }, doc), false);
  assert.equal(isShortcut({ ...on(null), metaKey: true }, doc), false);
  assert.equal(isShortcut(on(typedIn('textarea')), doc), false);
  assert.equal(isShortcut(on(null), page([], { modal: true }).document), false, 'a confirmation is open');
});

test('letters count in either case, and = is the + key', () => {
  assert.equal(keyOf({ key: 'V' }), 'v');
  assert.equal(keyOf({ key: '=' }), '+');
  assert.equal(keyOf({ key: '?' }), '?');
});

test('a shortcut clicks every usable control of its key, then sends the form or moves the focus', () => {
  const zoomLeft = control('+');
  const zoomRight = control('+');
  const zoomHidden = control('+', { hidden: true });
  const verify = control('v', { submit: true });
  const reject = control('r', { focus: 'field-reason' });
  const off = control('k', { disabled: true });
  const win = page([zoomLeft, zoomRight, zoomHidden, verify, reject, off]);
  assert.equal(press(win, '+'), true);
  assert.deepEqual([zoomLeft.clicks, zoomRight.clicks, zoomHidden.clicks], [1, 1, 0]);
  press(win, 'v');
  assert.deepEqual([verify.clicks, verify.form.sent], [1, 1]);
  press(win, 'r');
  win.timers.forEach((run) => run());
  assert.deepEqual(win.focused, ['field-reason']);
  assert.equal(press(win, 'k'), false, 'a disabled control is not pressed');
  assert.equal(press(win, 'x'), false);
});

test('the list names each key once, from its label, in page order', () => {
  const doc = page([
    control('k', { label: 'Previous result' }),
    control('+', { label: 'Zoom in' }),
    control('+'),
    control('j', { hidden: true }),
  ]).document;
  assert.deepEqual(shortcutsOf(doc), [
    { key: 'k', label: 'Previous result' },
    { key: '+', label: 'Zoom in' },
  ]);
});

test('a key pressed on the page clicks its control and keeps the browser from acting on it', () => {
  const next = control('j');
  const win = page([next]);
  installShortcuts(win);
  const ev = win.document.fire('keydown', { key: 'j', target: { closest: () => null } });
  assert.equal(next.clicks, 1);
  assert.equal(ev.defaultPrevented, true);
  const typed = win.document.fire('keydown', { key: 'j', target: typedIn('input') });
  assert.equal(next.clicks, 1, 'typed into a field');
  assert.equal(typed.defaultPrevented, false);
});
