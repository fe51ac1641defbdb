import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installSessionTimer, sessionTick, signInAgainHref } from '../session-timer.js';
import { FakeClock, FakeTarget } from './fakes.js';

test('the time left is shown in whole minutes and seconds, rounded down', () => {
  assert.deepEqual(sessionTick(600, 60, 0), { ended: false, left: '10:00', hidden: true });
  assert.deepEqual(sessionTick(600, 60, 545.5), { ended: false, left: '0:54', hidden: false });
  assert.deepEqual(sessionTick(600, 60, 599.2), { ended: false, left: '0:00', hidden: false });
});

test('the warning shows for the last warning seconds only', () => {
  assert.equal(sessionTick(600, 60, 539.9).hidden, true);
  assert.equal(sessionTick(600, 60, 540).hidden, false);
});

test('the session has ended once the idle time has passed', () => {
  assert.deepEqual(sessionTick(600, 60, 600), { ended: true });
  assert.deepEqual(sessionTick(12, 8, 30), { ended: true });
});

test('signing in again comes back to this page, its query included', () => {
  const here = { pathname: '/customers', search: '?q=van der&page=2' };
  assert.equal(
    signInAgainHref('/login?expired=1&next=', here),
    '/login?expired=1&next=%2Fcustomers%3Fq%3Dvan%20der%26page%3D2',
  );
});

/** A page with the idle warning of a 12 s session warning for 8 s, on a clock the test moves. */
function pageWithTimer() {
  const clock = new FakeClock();
  const left = { textContent: '0:12' };
  const stay = Object.assign(new FakeTarget(), { textContent: 'Stay signed in', disabled: false });
  stay.dataset = { pending: 'Staying…' };
  const timer = {
    hidden: true,
    dataset: { idle: '12', warning: '8', keepAlive: '/api/keep_alive', signInAgain: '/login?expired=1&next=' },
    querySelector: (selector) => ({ '[data-left]': left, '[data-stay]': stay })[selector],
  };
  const win = {
    clock,
    posted: [],
    assigned: [],
    answer: { ok: true, status: 200 },
    document: { querySelector: (selector) => (selector === '[data-session-timer]' ? timer : null) },
    performance: { now: () => clock.now },
    setInterval: (fn, ms) => clock.setInterval(fn, ms),
    location: { pathname: '/wallets/7', search: '', assign: (href) => win.assigned.push(href) },
    fetch: async (href, init) => {
      win.posted.push([href, init.method]);
      return win.answer;
    },
  };
  installSessionTimer(win);
  return { win, clock, timer, left, stay };
}

test('the warning appears for the last seconds and counts down, then the user signs in again', () => {
  const { win, clock, timer, left } = pageWithTimer();
  clock.advance(3000);
  assert.deepEqual([timer.hidden, left.textContent], [true, '0:09']);
  clock.advance(1000);
  assert.deepEqual([timer.hidden, left.textContent], [false, '0:08']);
  clock.advance(8000);
  assert.deepEqual(win.assigned, ['/login?expired=1&next=%2Fwallets%2F7']);
});

test('"Stay signed in" asks the server, and the count starts again', async () => {
  const { win, clock, timer, stay } = pageWithTimer();
  clock.advance(6000);
  assert.equal(timer.hidden, false);
  const click = stay.listeners.find((l) => l.type === 'click').listener();
  assert.deepEqual([stay.disabled, stay.textContent], [true, 'Staying…']);
  await click;
  assert.deepEqual(win.posted, [['/api/keep_alive', 'POST']]);
  assert.deepEqual([timer.hidden, stay.disabled, stay.textContent], [true, false, 'Stay signed in']);
  // 9 s after the page loaded (3 s before the warning would have ended it): 3 s after the button.
  clock.advance(3000);
  assert.equal(timer.hidden, true);
  clock.advance(6000);
  assert.deepEqual([timer.hidden, win.assigned], [false, []]);
});

test('"Stay signed in" on a session the server already ended signs in again', async () => {
  const { win, stay } = pageWithTimer();
  win.answer = { ok: false, status: 401 };
  await stay.listeners.find((l) => l.type === 'click').listener();
  assert.deepEqual(win.assigned, ['/login?expired=1&next=%2Fwallets%2F7']);
});

test('a page without the warning has no timer', () => {
  const win = { document: { querySelector: () => null }, setInterval: () => assert.fail('no timer expected') };
  installSessionTimer(win);
});
