import { describe, expect, it } from 'vitest';
import {
  attainmentByPriority, attainmentByTarget, checkFilter, defaultFilter, durationWords, escalationRate, escalationsByLevel,
  escalationsByType, filterFromSearch, reportQuery, type Kpis, type Series,
} from './reports';

const empty = { met: 0, breached: 0, open: 0, attainment: null };
function bucket(from: string, over: Partial<Kpis> = {}): Series['buckets'][number] {
  return {
    from, to: from, tickets: 0, unresolved: 0,
    escalations: { total: 0, tickets: 0, rate: null, by_type: {}, by_level: {}, by_team: {}, deescalations: 0 },
    sla: { first_response: empty, next_update: empty, resolution: empty }, sla_by_priority: {},
    breaches: { tickets: 0, cycles: 0 },
    time_to_escalate: { count: 0, median_seconds: 0, p90_seconds: 0 }, time_to_resolve: { count: 0, median_seconds: 0, p90_seconds: 0 },
    root_causes: [], csat: { responses: 0, average: null, ratings: {} },
    ...over,
  };
}

const series: Series = {
  interval: 'day', team: null,
  buckets: [
    bucket('2026-03-01T00:00:00+00:00'),
    bucket('2026-03-02T00:00:00+00:00', {
      tickets: 8,
      escalations: { total: 3, tickets: 2, rate: 0.25, by_type: { hierarchical: 2, functional: 1 }, by_level: { L2: 3 }, by_team: {}, deescalations: 0 },
      sla: { first_response: { met: 7, breached: 1, open: 0, attainment: 0.875 }, next_update: empty, resolution: empty },
    }),
  ],
};

describe('report filters', () => {
  it('default to the 30 days up to now', () => {
    expect(defaultFilter(Date.parse('2026-03-02T14:00:00Z'))).toEqual({ from: '2026-02-01', to: '2026-03-02', team: '', interval: 'day' });
  });
  it('come from the address, ignoring what is not a date', () => {
    const f = filterFromSearch('?from=2026-01-01&to=nonsense&team=frontline&interval=week', Date.parse('2026-03-02T14:00:00Z'));
    expect(f).toEqual({ from: '2026-01-01', to: '2026-03-02', team: 'frontline', interval: 'week' });
  });
  it('are checked: order and at most 400 days', () => {
    expect(checkFilter({ from: '2026-03-02', to: '2026-03-01', team: '', interval: 'day' }).to).toMatch(/before/);
    expect(checkFilter({ from: '2025-01-01', to: '2026-03-01', team: '', interval: 'day' }).to).toMatch(/400/);
    expect(checkFilter({ from: '2026-03-01', to: '2026-03-01', team: '', interval: 'day' })).toEqual({});
  });
  it('become the endpoints query, with the CSV format for downloads', () => {
    expect(reportQuery({ from: '2026-03-01', to: '2026-03-02', team: 'frontline', interval: 'day' }, { format: 'csv' }))
      .toBe('from=2026-03-01&to=2026-03-02&team=frontline&format=csv');
  });
});

describe('chart shaping', () => {
  it('gives one column per escalation type and level, zero where a bucket has none', () => {
    const byType = escalationsByType(series);
    expect(byType.x).toEqual([Date.parse('2026-03-01T00:00:00Z') / 1000, Date.parse('2026-03-02T00:00:00Z') / 1000]);
    expect(byType.series).toEqual([{ label: 'functional', values: [0, 1] }, { label: 'hierarchical', values: [0, 2] }]);
    expect(escalationsByLevel(series).series).toEqual([{ label: 'L2', values: [0, 3] }]);
  });
  it('leaves gaps (null) where a bucket has no tickets or no measured target', () => {
    expect(escalationRate(series).series[0]!.values).toEqual([null, 25]);
    const sla = attainmentByTarget(series);
    expect(sla.series.map((s) => s.label)).toEqual(['First response', 'Next update', 'Resolution']);
    expect(sla.series[0]!.values).toEqual([null, 87.5]);
  });
  it('orders SLA by priority as the policy does', () => {
    const rows = attainmentByPriority({
      sla_by_priority: {
        low: { first_response: { met: 1, breached: 0, open: 0, attainment: 1 } },
        critical: { first_response: { met: 1, breached: 1, open: 0, attainment: 0.5 } },
      },
    }, ['critical', 'high', 'medium', 'low']);
    expect(rows.map((r) => r.priority)).toEqual(['critical', 'low']);
    expect(rows[0]!.cells[0]!.text).toBe('50% (1 met, 1 missed)');
    expect(rows[0]!.cells[1]!.text).toBe('—');
  });
  it('writes durations in words', () => {
    expect([durationWords(0), durationWords(2700), durationWords(12000), durationWords(190000)]).toEqual(['0m', '45m', '3h 20m', '2d 4h']);
  });
});
