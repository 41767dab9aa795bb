// The service's clock as the browser sees it. Countdowns must measure from the service's
// "now", not the browser's: the two drift apart, and under `serve --testing` the service
// runs on a manual clock that tests move by hours. The offset is learnt from /api/v1/me
// ("now") and moved forward by every live event's instant ("at"), which is never later
// than the service's now; it never moves backwards, so a late event cannot undo a jump.

export class ServerClock {
  private offsetMs = 0;
  private listeners = new Set<() => void>();

  constructor(private readonly browserNow: () => number = () => Date.now()) {}

  now(): number {
    return this.browserNow() + this.offsetMs;
  }

  /** The service said it is `instant` now: trust it, whichever way it moves. */
  sync(instant: string): void {
    const at = Date.parse(instant);
    if (Number.isNaN(at)) return;
    this.offsetMs = at - this.browserNow();
    this.notify();
  }

  /** Something happened at `instant` on the service: now is at least that. */
  atLeast(instant: string): void {
    const at = Date.parse(instant);
    if (Number.isNaN(at) || at <= this.now()) return;
    this.offsetMs = at - this.browserNow();
    this.notify();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

export const serverClock = new ServerClock();
