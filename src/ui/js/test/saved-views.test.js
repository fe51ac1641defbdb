import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryOf, saveOutcome, viewHref } from '../saved-views.js';

test('a view keeps the address as it is when saved, and opens the list there', () => {
  assert.equal(queryOf({ search: '?status=BARRED&q=van+der' }), 'status=BARRED&q=van+der');
  assert.equal(queryOf({ search: '' }), '');
  assert.equal(viewHref('/customers', 'status=BARRED'), '/customers?status=BARRED');
  assert.equal(viewHref('/review', ''), '/review');
});

test("a save's outcome is the view, a field's message, or why it was refused", () => {
  const view = { view_id: 3, name: 'Barred', query: 'status=BARRED', is_default: false };
  assert.deepEqual(saveOutcome({ Done: view }), { view });
  assert.deepEqual(saveOutcome({ Invalid: [{ field: 'name', message: 'Name the view.' }] }), {
    field: 'name',
    message: 'Name the view.',
  });
  assert.deepEqual(saveOutcome({ Refused: 'You keep 20 views' }), { refused: 'You keep 20 views' });
});
