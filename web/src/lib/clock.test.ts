import { describe, expect, it } from 'vitest';
import { ServerClock } from './clock';

describe('ServerClock', () => {
  it('measures from the service\'s now, not the browser\'s', () => {
    let browser = Date.parse('2026-12-07T10:00:00Z');
    const clock = new ServerClock(() => browser);
    clock.sync('2026-03-06T16:30:00Z');
    expect(new Date(clock.now()).toISOString()).toBe('2026-03-06T16:30:00.000Z');
    browser += 5000;
    expect(new Date(clock.now()).toISOString()).toBe('2026-03-06T16:30:05.000Z');
  });

  it('moves forward with live events and never back', () => {
    const browser = 0;
    const clock = new ServerClock(() => browser);
    clock.sync('2026-03-06T16:30:00Z');
    let changes = 0;
    clock.onChange(() => changes++);
    clock.atLeast('2026-03-06T18:30:00Z');
    expect(new Date(clock.now()).toISOString()).toBe('2026-03-06T18:30:00.000Z');
    clock.atLeast('2026-03-06T17:00:00Z');
    expect(new Date(clock.now()).toISOString()).toBe('2026-03-06T18:30:00.000Z');
    clock.atLeast('not a time');
    expect(changes).toBe(1);
  });
});
