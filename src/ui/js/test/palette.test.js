import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matches, moved, opensPalette } from '../palette.js';

test('a page matches when every word typed is in its name', () => {
  assert.ok(matches('Audit: all activity', 'aud act'));
  assert.ok(matches('Review queue', 'QUEUE'));
  assert.ok(matches('Customers', ''));
  assert.ok(!matches('Customers', 'cust wallet'));
});

test('the choice moves round the list, from nothing chosen to the first or the last', () => {
  assert.equal(moved(-1, 1, 3), 0);
  assert.equal(moved(-1, -1, 3), 2);
  assert.equal(moved(2, 1, 3), 0);
  assert.equal(moved(0, -1, 3), 2);
  assert.equal(moved(-1, 1, 0), -1);
});

test('Ctrl+K and Cmd+K open the palette, nothing else does', () => {
  const press = (key, mods = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
  assert.ok(opensPalette(press('k', { ctrlKey: true })));
  assert.ok(opensPalette(press('K', { metaKey: true })));
  assert.ok(!opensPalette(press('k')));
  assert.ok(!opensPalette(press('k', { ctrlKey: true, shiftKey: true })));
});
