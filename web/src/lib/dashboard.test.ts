import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Policy } from './api';
import { debounce, groupEscalations, limitRows, localMidnight, queueHref } from './dashboard';

const policy: Policy = {
  version: 'v1',
  levels: [{ id: 'L3', name: 'Senior', rank: 3 }, { id: 'L2', name: 'Specialists', rank: 2 }],
  teams: [
    { id: 'product-specialists', name: 'Product specialists', level: 'L2', members: [], lead: null, manager: null },
    { id: 'billing-specialists', name: 'Billing specialists', level: 'L2', members: [], lead: null, manager: null },
  ],
  categories: [],
  priorities: [],
};

describe('localMidnight', () => {
  it('is the start of the local day of the instant, with the local offset', () => {
    const at = Date.parse('2026-03-02T14:00:00Z');
    const text = localMidnight(at);
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00[+-]\d{2}:\d{2}$/);
    const midnight = Date.parse(text);
    expect(midnight).toBeLessThanOrEqual(at);
    expect(at - midnight).toBeLessThan(86400_000);
    const local = new Date(midnight);
    expect([local.getHours(), local.getMinutes()]).toEqual([0, 0]);
  });
});

describe('groupEscalations', () => {
  it('groups by level in rank order, teams with the most first, with totals and queue links', () => {
    const groups = groupEscalations({
      open_escalations: {
        total: 6,
        by_level_and_team: [
          { level: 'L3', team: 'engineering', open: 1 },
          { level: 'L2', team: 'billing-specialists', open: 2 },
          { level: 'L2', team: 'product-specialists', open: 3 },
        ],
      },
    }, policy);
    expect(groups.map((g) => [g.level, g.total])).toEqual([['L2', 5], ['L3', 1]]);
    expect(groups[0]!.teams.map((t) => t.name)).toEqual(['Product specialists', 'Billing specialists']);
    expect(groups[1]!.teams[0]!.name).toBe('engineering'); // not in the policy: its id
    expect(groups[0]!.teams[0]!.href).toBe('/?list=level%3DL2%26team%3Dproduct-specialists%26open%3Dtrue');
  });
  it('is empty when nothing is escalated', () => {
    expect(groupEscalations({ open_escalations: { total: 0, by_level_and_team: [] } }, null)).toEqual([]);
  });
});

describe('limitRows', () => {
  it('names the limit, caps the bar and marks the overloaded one', () => {
    const rows = limitRows([
      { scope: 'level', id: 'L3', open: 15, max: 15, queued: 0, beyond: 'notify_manager', overloaded: true },
      { scope: 'team', id: 'product-specialists', open: 4, max: 40, queued: 2, beyond: 'queue', overloaded: false },
    ], policy);
    expect(rows[0]).toMatchObject({ label: 'Level L3', overloaded: true, share: 1 });
    expect(rows[0]!.beyond).toMatch(/manager is told/);
    expect(rows[1]).toMatchObject({ label: 'Team Product specialists', share: 0.1, queued: 2, href: queueHref({ team: 'product-specialists', open: 'true' }) });
  });
});

describe('debounce', () => {
  afterEach(() => { vi.useRealTimers(); });
  it('turns a burst of calls into one run after the quiet period', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const d = debounce(run, 300);
    d.call(); d.call();
    vi.advanceTimersByTime(200);
    d.call();
    vi.advanceTimersByTime(299);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
  });
  it('can be cancelled', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const d = debounce(run, 300);
    d.call();
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(run).not.toHaveBeenCalled();
  });
});
