import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HYDRATED_ATTRIBUTE } from '../contract.js';
import { boot, sessionStorageOf } from '../boot.js';
import { FakeStorage, FakeTarget } from './fakes.js';

/** A page with or without an island, and no toast host, plain form or idle warning. */
function page({ withIsland, refuseStorage = false }) {
  const storage = new FakeStorage();
  const doc = new FakeTarget();
  doc.documentElement = {
    attributes: {},
    setAttribute: (name, value) => (doc.documentElement.attributes[name] = value),
  };
  doc.getElementById = () => null;
  doc.querySelector = (selector) => (selector === 'leptos-island' && withIsland ? {} : null);
  doc.querySelectorAll = () => [];
  const win = Object.assign(new FakeTarget(), { document: doc, frames: [], timers: [] });
  Object.defineProperty(win, 'sessionStorage', {
    get: () => {
      if (refuseStorage) throw new Error('SecurityError');
      return storage;
    },
  });
  win.requestAnimationFrame = (fn) => win.frames.push(fn);
  win.setTimeout = (fn, ms) => win.timers.push([fn, ms]);
  return win;
}

const hydrated = (win) => HYDRATED_ATTRIBUTE in win.document.documentElement.attributes;

test('a page without islands is hydrated at once, and loads no WebAssembly', () => {
  const win = page({ withIsland: false });
  win.fetch = () => assert.fail('nothing to fetch');
  boot(win, '/pkg/app.js', '/pkg/app.wasm');
  assert.equal(hydrated(win), true);
  assert.deepEqual([win.frames.length, win.timers.length], [0, 0]);
});

test('a page with islands holds their events and waits for a painted frame before loading', () => {
  const win = page({ withIsland: true });
  boot(win, '/pkg/app.js', '/pkg/app.wasm');
  assert.equal(hydrated(win), false);
  assert.equal(win.frames.length, 1);
  assert.deepEqual(
    win.timers.map(([, ms]) => ms),
    [250],
  );
  const holding = win.document.listeners.filter((l) => l.capture).map((l) => l.type);
  assert.deepEqual(holding, ['click', 'submit']);
});

test('a browser that refuses storage still starts the page', () => {
  const win = page({ withIsland: false, refuseStorage: true });
  assert.equal(sessionStorageOf(win), null);
  boot(win, '/pkg/app.js', '/pkg/app.wasm');
  assert.equal(hydrated(win), true);
});
