import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchHref, swapper } from '../live-search.js';

test('the search address holds the fields that are not blank, trimmed', () => {
  const fields = [
    ['q', '  Dlamini '],
    ['status', ''],
    ['kyc', '   '],
    ['sort', 'name'],
  ];
  assert.equal(searchHref('/customers', fields), '/customers?q=Dlamini&sort=name');
});

test('a search with every field blank is the bare list', () => {
  assert.equal(searchHref('/customers', [['q', ' ']]), '/customers');
});

test('a new search starts at the first page: only the form fields are kept, not the address query', () => {
  // The path comes without its query (which held `page=3`), and the form has no `page` field.
  assert.equal(searchHref('/customers', [['q', 'van der Merwe']]), '/customers?q=van+der+Merwe');
});

test('a field named twice keeps its last value', () => {
  assert.equal(
    searchHref('/x', [
      ['q', 'a'],
      ['q', 'b'],
    ]),
    '/x?q=b',
  );
});

/** A window whose fetches answer when the test says, with pages holding one part, `results`. */
function browser() {
  const win = { answers: [], assigned: [], replaced: [], shown: [] };
  win.fetch = (href) => new Promise((resolve, reject) => win.answers.push({ href, resolve, reject }));
  win.DOMParser = class {
    parseFromString(html) {
      return { getElementById: (id) => (html.includes(`id="${id}"`) ? { html } : null) };
    }
  };
  const here = { replaceWith: (fresh) => win.replaced.push(fresh.html) };
  win.document = { getElementById: (id) => (id === 'results' ? here : null) };
  win.location = { assign: (href) => win.assigned.push(href) };
  win.history = { replaceState: (_state, _title, href) => win.shown.push(href) };
  return win;
}

const answer = (html, redirected = false) => ({ redirected, text: async () => html });

test('the part is swapped in place and the address follows', async () => {
  const win = browser();
  const swapped = swapper(win)('/customers?q=a', 'results');
  win.answers[0].resolve(answer('<div id="results">a</div>'));
  await swapped;
  assert.deepEqual(win.replaced, ['<div id="results">a</div>']);
  assert.deepEqual(win.shown, ['/customers?q=a']);
  assert.deepEqual(win.assigned, []);
});

test('an answer overtaken by a later search is dropped', async () => {
  const win = browser();
  const swap = swapper(win);
  const first = swap('/customers?q=a', 'results');
  const second = swap('/customers?q=ab', 'results');
  win.answers[1].resolve(answer('<div id="results">ab</div>'));
  await second;
  win.answers[0].resolve(answer('<div id="results">a</div>'));
  await first;
  assert.deepEqual(win.replaced, ['<div id="results">ab</div>']);
  assert.deepEqual(win.shown, ['/customers?q=ab']);
});

test('a redirect, a page without the part, or no answer loads the address as a whole', async () => {
  for (const settle of [
    (a) => a.resolve(answer('<div id="results"></div>', true)),
    (a) => a.resolve(answer('<p>sign in</p>')),
    (a) => a.reject(new TypeError('Failed to fetch')),
  ]) {
    const win = browser();
    const swapped = swapper(win)('/customers?q=a', 'results');
    settle(win.answers[0]);
    await swapped;
    assert.deepEqual(win.assigned, ['/customers?q=a']);
    assert.deepEqual(win.replaced, []);
  }
});
