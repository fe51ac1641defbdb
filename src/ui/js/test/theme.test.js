import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOAST_EVENT } from '../contract.js';
import { installThemeSwitch, keepTheme, showTheme } from '../theme.js';
import { FakeTarget } from './fakes.js';

function page({ answer }) {
  const doc = new FakeTarget();
  const root = { attributes: {}, setAttribute: (name, value) => (root.attributes[name] = value) };
  doc.querySelector = (selector) => (selector === '[data-theme-root]' ? root : null);
  const raised = [];
  doc.dispatchEvent = (ev) => raised.push(ev);
  const sent = [];
  const win = {
    document: doc,
    fetch: async (url, init) => {
      sent.push({ url, init });
      if (answer === 'down') throw new Error('offline');
      return { ok: answer === 200, status: answer };
    },
    URLSearchParams,
    FormData: class {
      constructor(form) {
        this.entries = form.fields;
      }
      [Symbol.iterator]() {
        return this.entries[Symbol.iterator]();
      }
    },
    CustomEvent: class {
      constructor(type, init) {
        this.type = type;
        this.detail = init.detail;
      }
    },
  };
  return { win, root, raised, sent };
}

const form = (theme) => ({
  action: '/api/preferences/theme',
  dataset: { themeSwitch: '' },
  fields: [['theme', theme]],
});

test('a chosen theme shows at once and is sent to be kept', async () => {
  const { win, root, sent, raised } = page({ answer: 200 });
  showTheme(win.document, 'dark');
  assert.equal(root.attributes['data-theme'], 'dark');
  await keepTheme(win, form('dark'));
  assert.equal(sent[0].url, '/api/preferences/theme');
  assert.equal(sent[0].init.body, 'theme=dark');
  assert.deepEqual(raised, []);
});

test('a theme the server did not keep is said, and stays shown', async () => {
  for (const answer of [500, 'down']) {
    const { win, raised } = page({ answer });
    await keepTheme(win, form('light'));
    assert.equal(raised[0].type, TOAST_EVENT);
    assert.equal(raised[0].detail.kind, 'error');
  }
});

test('only the theme select of a theme switch form acts', () => {
  const { win, root, sent } = page({ answer: 200 });
  installThemeSwitch(win);
  win.document.fire('change', { target: { name: 'q', value: 'x', form: form('x') } });
  win.document.fire('change', { target: { name: 'theme', value: 'dark', form: { dataset: {} } } });
  assert.deepEqual([root.attributes, sent.length], [{}, 0]);
  win.document.fire('change', { target: { name: 'theme', value: 'dark', form: form('dark') } });
  assert.equal(root.attributes['data-theme'], 'dark');
  assert.equal(sent.length, 1);
});
