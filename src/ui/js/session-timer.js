// The idle warning (`auth::SessionTimer`, server HTML kept hidden): shown for its last seconds, then the
// session has ended and the user signs in again, coming back to this page. A page load is activity (the
// server counts from it too), and so is "Stay signed in", which tells the server.

/**
 * What the warning shows `elapsedSecs` after the last activity, for a session that ends after `idleSecs`
 * and warns in its last `warningSecs`: `{ ended: true }`, or the whole time left as `m:ss` and whether the
 * warning is hidden.
 */
export function sessionTick(idleSecs, warningSecs, elapsedSecs) {
  const secs = idleSecs - elapsedSecs;
  if (secs <= 0) return { ended: true };
  const whole = Math.floor(secs);
  return {
    ended: false,
    left: Math.floor(whole / 60) + ':' + String(whole % 60).padStart(2, '0'),
    hidden: secs > warningSecs,
  };
}

/** The sign-in address that brings the user back to `location` (`signInAgain` ends with its `next=`). */
export function signInAgainHref(signInAgain, location) {
  return signInAgain + encodeURIComponent(location.pathname + location.search);
}

export function installSessionTimer(win) {
  const timer = win.document.querySelector('[data-session-timer]');
  if (!timer) return;
  const idle = Number(timer.dataset.idle);
  const warning = Number(timer.dataset.warning);
  const left = timer.querySelector('[data-left]');
  const stay = timer.querySelector('[data-stay]');
  let active = win.performance.now();
  const ended = () => win.location.assign(signInAgainHref(timer.dataset.signInAgain, win.location));
  win.setInterval(() => {
    const tick = sessionTick(idle, warning, (win.performance.now() - active) / 1000);
    if (tick.ended) return ended();
    left.textContent = tick.left;
    timer.hidden = tick.hidden;
  }, 1000);
  stay.addEventListener('click', async () => {
    const label = stay.textContent;
    stay.disabled = true;
    stay.textContent = stay.dataset.pending;
    try {
      const answer = await win.fetch(timer.dataset.keepAlive, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      if (answer.status === 401) return ended();
      if (answer.ok) {
        active = win.performance.now();
        timer.hidden = true;
      }
    } catch {
      // The server did not answer: the count goes on, and the user can try again.
    }
    stay.disabled = false;
    stay.textContent = label;
  });
}
