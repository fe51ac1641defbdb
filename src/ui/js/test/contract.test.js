import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HYDRATED_ATTRIBUTE, TOAST_EVENT, failureText } from '../contract.js';

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

test('a failed server function says what Eclipse said, or the reference of a fault', () => {
  const eclipse = JSON.stringify({
    Eclipse: { status: 503, code: 'SYS001', description: 'Down for maintenance', trace_id: 'abc123' },
  });
  assert.equal(failureText(503, eclipse), 'Eclipse: Down for maintenance (trace abc123)');
  const fault = JSON.stringify({ Internal: { correlation_id: 'c-42' } });
  assert.equal(failureText(500, fault), 'Something went wrong on our side (reference c-42). Try again.');
  assert.equal(failureText(401, '"Unauthenticated"'), 'Your session has ended. Sign in again.');
  assert.equal(failureText(502, '<html>'), 'The portal answered 502. Try again.');
});
