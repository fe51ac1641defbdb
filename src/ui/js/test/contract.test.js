import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HYDRATED_ATTRIBUTE, TOAST_EVENT } from '../contract.js';

const read = (path) => readFileSync(new URL('../../../../' + path, import.meta.url), 'utf8');
const rustConst = (source, name) => source.match(new RegExp(`pub const ${name}: &str = "([^"]*)";`))?.[1];

test('the islands (ui::client) use the names the script listens for and sets', () => {
  const client = read('src/ui/client.rs');
  assert.equal(rustConst(client, 'TOAST_EVENT'), TOAST_EVENT);
  assert.equal(rustConst(client, 'HYDRATED_ATTRIBUTE'), HYDRATED_ATTRIBUTE);
});

test('the end-to-end helpers wait for the attribute the script sets', () => {
  const helpers = read('end2end/tests/helpers.ts');
  assert.match(helpers, new RegExp(`export const HYDRATED_ATTRIBUTE = '${HYDRATED_ATTRIBUTE}';`));
});
