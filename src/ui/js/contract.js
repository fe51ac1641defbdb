// The names the page's Rust and this script share. Their Rust twins are in `ui::client`, and the end-to-end
// helpers repeat HYDRATED_ATTRIBUTE: `test/contract.test.js` fails when the three spell them differently.

/** Raised on `document` by an island (`ui::toast`); `detail` is `{ kind, text, afterLoad }`. */
export const TOAST_EVENT = 'eclipse-admin:toast';

/** Set on `<html>` once the page's islands have hydrated (at once on a page without islands). */
export const HYDRATED_ATTRIBUTE = 'data-hydrated';

/**
 * What a server function's failure says, from the `AppError` it answers (`error::AppError`, as JSON): Eclipse's
 * description and trace id, the reference of a fault, or the error's own words.
 */
export function failureText(status, body) {
  let error = null;
  try {
    error = JSON.parse(body);
  } catch {
    // Not JSON: said by its status alone.
  }
  const eclipse = error && error.Eclipse;
  if (eclipse) return `Eclipse: ${eclipse.description}${eclipse.trace_id ? ` (trace ${eclipse.trace_id})` : ''}`;
  const fault = error && (error.Internal || error.Unavailable);
  if (fault) return `Something went wrong on our side (reference ${fault.correlation_id}). Try again.`;
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return 'Your position does not allow this.';
  if (status === 404) return 'That record does not exist, or is not visible to you.';
  return `The portal answered ${status}. Try again.`;
}
