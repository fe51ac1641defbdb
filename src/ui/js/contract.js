// The names the page's Rust and this script share. Their Rust twins are in `ui::client`, and the end-to-end
// helpers repeat HYDRATED_ATTRIBUTE: `test/contract.test.js` fails when the three spell them differently.

/** Raised on `document` by an island (`ui::toast`); `detail` is `{ kind, text, afterLoad }`. */
export const TOAST_EVENT = 'eclipse-admin:toast';

/** Set on `<html>` once the page's islands have hydrated (at once on a page without islands). */
export const HYDRATED_ATTRIBUTE = 'data-hydrated';
