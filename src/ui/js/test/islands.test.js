import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFirstPaint, holdIslandEvents, hydrateIslands, ON_HYDRATE } from '../islands.js';
import { FakeClock, FakeTarget } from './fakes.js';

const island = (name, ...children) => ({ tagName: 'LEPTOS-ISLAND', dataset: { component: name }, children });
const div = (...children) => ({ tagName: 'DIV', children });
const islandChildren = (hook, ...children) => ({ tagName: 'LEPTOS-CHILDREN', [ON_HYDRATE]: hook, children });

test('each island hydrates in document order, after the hook of the children it sits in', async () => {
  const log = [];
  const hook = (name) => () => log.push('hook ' + name);
  const body = div(
    island(
      'Outer',
      div(),
      islandChildren(
        hook('outer'),
        island('Middle', islandChildren(hook('middle'), island('Inner'))),
        div(island('Sibling')),
      ),
    ),
    island('Alone'),
    island('Missing'),
  );
  // An island's hydration may be asynchronous (a lazy island): the walk waits for it.
  const hydrating = (name) => async () => {
    await new Promise((resolve) => setTimeout(resolve, name === 'Middle' ? 5 : 0));
    log.push(name);
  };
  const mod = Object.fromEntries(['Outer', 'Middle', 'Inner', 'Sibling', 'Alone'].map((n) => [n, hydrating(n)]));
  await hydrateIslands(body, mod, (message) => log.push(message));
  assert.deepEqual(log, [
    'Outer',
    'hook outer',
    'Middle',
    'hook middle',
    'Inner',
    'hook outer',
    'Sibling',
    'Alone',
    'No code for the island Missing',
  ]);
});

test('children that leptos gave no hook (not hydrated by an island) call none', async () => {
  const log = [];
  await hydrateIslands(div(islandChildren(undefined, island('A'))), { A: () => log.push('A') }, assert.fail);
  assert.deepEqual(log, ['A']);
});

/** An element inside (or outside) an island; `control` when it is, or is in, a button. */
function target({ inIsland, control }) {
  const el = { clicked: 0, submitted: 0 };
  el.click = () => el.clicked++;
  el.requestSubmit = () => el.submitted++;
  el.closest = (selector) => {
    if (selector === 'leptos-island') return inIsland ? {} : null;
    if (selector === 'button, input[type=submit]') return control ? el : null;
    return null;
  };
  return el;
}

test('before hydration an island button click and an island form wait, then happen in order', () => {
  const doc = new FakeTarget();
  const release = holdIslandEvents(doc);
  const button = target({ inIsland: true, control: true });
  const form = target({ inIsland: true, control: false });
  const clicked = doc.fire('click', { target: button });
  assert.deepEqual([clicked.defaultPrevented, clicked.propagationStopped], [true, true]);
  assert.equal(doc.fire('submit', { target: form }).defaultPrevented, true);
  assert.deepEqual([button.clicked, form.submitted], [0, 0]);

  release();
  assert.deepEqual([button.clicked, form.submitted], [1, 1]);
  assert.equal(doc.fire('click', { target: button }).defaultPrevented, false);
  assert.equal(doc.listeners.length, 0);
});

test('clicks outside islands, and on an island but not on a button, go through', () => {
  const doc = new FakeTarget();
  holdIslandEvents(doc);
  assert.equal(doc.fire('click', { target: target({ inIsland: false, control: true }) }).defaultPrevented, false);
  assert.equal(doc.fire('click', { target: target({ inIsland: true, control: false }) }).defaultPrevented, false);
  assert.equal(doc.fire('submit', { target: target({ inIsland: false }) }).defaultPrevented, false);
});

function window() {
  const clock = new FakeClock();
  const frames = [];
  return {
    clock,
    frames,
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    requestAnimationFrame: (fn) => frames.push(fn),
  };
}

/** A fake window on which the islands wait for the first paint, and how many times they have started. */
function islandsAfterFirstPaint() {
  const win = window();
  let started = 0;
  afterFirstPaint(win, () => started++);
  return { win, started: () => started };
}

test('the islands start once, after the first frame is painted', () => {
  const { win, started } = islandsAfterFirstPaint();
  win.clock.advance(10);
  assert.equal(started(), 0);
  win.frames.shift()();
  win.clock.advance(0);
  assert.equal(started(), 1);
  win.clock.advance(1000);
  assert.equal(started(), 1);
});

test('in a background tab, which paints no frame, they start after 250 ms', () => {
  const { win, started } = islandsAfterFirstPaint();
  win.clock.advance(249);
  assert.equal(started(), 0);
  win.clock.advance(1);
  assert.equal(started(), 1);
});
