// Just enough of the browser for the bootstrap's modules to run in Node: each test builds the few elements
// it needs by hand.

/** sessionStorage; `blocked` makes every call throw, as a browser that refuses storage does. */
export class FakeStorage {
  constructor(entries = {}, { blocked = false } = {}) {
    this.items = new Map(Object.entries(entries));
    this.blocked = blocked;
  }
  check() {
    if (this.blocked) throw new Error('SecurityError');
  }
  getItem(key) {
    this.check();
    return this.items.has(key) ? this.items.get(key) : null;
  }
  setItem(key, value) {
    this.check();
    this.items.set(key, String(value));
  }
  removeItem(key) {
    this.check();
    this.items.delete(key);
  }
}

/** An event target recording its listeners; `fire` calls them as the browser would (capture first). */
export class FakeTarget {
  constructor() {
    this.listeners = [];
  }
  addEventListener(type, listener, capture = false) {
    this.listeners.push({ type, listener, capture });
  }
  removeEventListener(type, listener, capture = false) {
    this.listeners = this.listeners.filter(
      (l) => !(l.type === type && l.listener === listener && l.capture === capture),
    );
  }
  fire(type, event = {}) {
    const ev = { type, defaultPrevented: false, propagationStopped: false, ...event };
    ev.preventDefault = () => (ev.defaultPrevented = true);
    ev.stopPropagation = () => (ev.propagationStopped = true);
    const ordered = [...this.listeners.filter((l) => l.capture), ...this.listeners.filter((l) => !l.capture)];
    for (const { listener } of ordered.filter((l) => l.type === type)) {
      if (ev.propagationStopped) break;
      listener(ev);
    }
    return ev;
  }
}

/** A timer queue run by hand: `run()` runs what is due at `now`, in order. */
export class FakeClock {
  constructor() {
    this.now = 0;
    this.timers = [];
    this.nextId = 1;
  }
  setTimeout(fn, ms = 0) {
    const id = this.nextId++;
    this.timers.push({ id, at: this.now + ms, fn });
    return id;
  }
  setInterval(fn, ms) {
    const id = this.nextId++;
    const repeat = () => {
      fn();
      this.timers.push({ id, at: this.now + ms, fn: repeat });
    };
    this.timers.push({ id, at: this.now + ms, fn: repeat });
    return id;
  }
  clearTimeout(id) {
    this.timers = this.timers.filter((t) => t.id !== id);
  }
  /** Moves the clock on by `ms`, running each timer due on the way, earliest first. */
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.now = due.at;
      due.fn();
    }
    this.now = end;
  }
}
