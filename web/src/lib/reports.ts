// The reports page's logic apart from its UI: the range and team filters as the query of
// GET /api/v1/reports/{kpis,series,tickets}, their checks, and the shaping of the series
// buckets into chart columns (one x value per bucket; one y column per escalation type,
// per receiving level, per SLA target), plus the tables' rows.

import type { Problems } from './validation';

export interface SlaFigure { met: number; breached: number; open: number; attainment: number | null }
export interface Timing { count: number; median_seconds: number; p90_seconds: number }

export interface Kpis {
  from: string;
  to: string;
  tickets: number;
  unresolved: number;
  escalations: { total: number; tickets: number; rate: number | null; by_type: Record<string, number>; by_level: Record<string, number>; by_team: Record<string, number>; deescalations: number };
  sla: Record<string, SlaFigure>;
  sla_by_priority: Record<string, Record<string, SlaFigure>>;
  breaches: { tickets: number; cycles: number };
  time_to_escalate: Timing;
  time_to_resolve: Timing;
  root_causes: { category: string; tickets: number }[];
  csat: { responses: number; average: number | null; ratings: Record<string, number> };
}

export interface Series {
  interval: string;
  team: string | null;
  buckets: (Kpis & { from: string; to: string })[];
}

export interface ReportFilter {
  from: string; // yyyy-mm-dd
  to: string; // yyyy-mm-dd (the whole day included)
  team: string; // '' for all teams
  interval: 'day' | 'week' | 'month';
}

export const targets = ['first_response', 'next_update', 'resolution'] as const;
export const targetLabel: Record<string, string> = { first_response: 'First response', next_update: 'Next update', resolution: 'Resolution' };

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The 30 days up to the service's now, as UTC dates (as the API reads a date). */
export function defaultFilter(nowMs: number): ReportFilter {
  return { from: isoDay(nowMs - 29 * 86400_000), to: isoDay(nowMs), team: '', interval: 'day' };
}

export function filterFromSearch(search: string, nowMs: number): ReportFilter {
  const params = new URLSearchParams(search);
  const filter = defaultFilter(nowMs);
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const from = params.get('from');
  const to = params.get('to');
  if (from && day.test(from)) filter.from = from;
  if (to && day.test(to)) filter.to = to;
  filter.team = params.get('team') ?? '';
  const interval = params.get('interval');
  if (interval === 'week' || interval === 'month') filter.interval = interval;
  return filter;
}

export function checkFilter(filter: ReportFilter): Problems {
  const from = Date.parse(`${filter.from}T00:00:00Z`);
  const to = Date.parse(`${filter.to}T00:00:00Z`);
  if (Number.isNaN(from)) return { from: 'Give the first day.' };
  if (Number.isNaN(to)) return { to: 'Give the last day.' };
  if (to < from) return { to: 'The last day comes before the first.' };
  if ((to - from) / 86400_000 + 1 > 400) return { to: 'A report covers 400 days at most.' };
  return {};
}

/** The query of the report endpoints; `format=csv` for the download links. */
export function reportQuery(filter: ReportFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.team) params.set('team', filter.team);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

export interface ChartData {
  x: number[]; // bucket starts, seconds since the epoch (what uPlot reads)
  series: { label: string; values: (number | null)[] }[];
}

function keysOf(buckets: Record<string, number>[]): string[] {
  return [...new Set(buckets.flatMap((b) => Object.keys(b)))].sort();
}

export function escalationsByType(series: Series): ChartData {
  const x = series.buckets.map((b) => Date.parse(b.from) / 1000);
  const maps = series.buckets.map((b) => b.escalations.by_type);
  return { x, series: keysOf(maps).map((type) => ({ label: type, values: maps.map((m) => m[type] ?? 0) })) };
}

export function escalationsByLevel(series: Series): ChartData {
  const x = series.buckets.map((b) => Date.parse(b.from) / 1000);
  const maps = series.buckets.map((b) => b.escalations.by_level);
  return { x, series: keysOf(maps).map((level) => ({ label: level, values: maps.map((m) => m[level] ?? 0) })) };
}

/** Escalation rate (escalated tickets / tickets) per bucket, in percent; null without tickets. */
export function escalationRate(series: Series): ChartData {
  const x = series.buckets.map((b) => Date.parse(b.from) / 1000);
  const values = series.buckets.map((b) => (b.escalations.rate === null || b.tickets === 0 ? null : round1(b.escalations.rate * 100)));
  return { x, series: [{ label: 'Escalation rate %', values }] };
}

/** SLA attainment per target per bucket, in percent; null where nothing was met or missed. */
export function attainmentByTarget(series: Series): ChartData {
  const x = series.buckets.map((b) => Date.parse(b.from) / 1000);
  return {
    x,
    series: targets.map((t) => ({
      label: targetLabel[t] ?? t,
      values: series.buckets.map((b) => {
        const a = b.sla[t]?.attainment;
        return a === null || a === undefined ? null : round1(a * 100);
      }),
    })),
  };
}

export interface PriorityRow { priority: string; cells: { target: string; text: string; value: number | null }[] }

/** SLA attainment by priority (rows, in the policy's order when given) and target (columns). */
export function attainmentByPriority(kpis: Pick<Kpis, 'sla_by_priority'>, order: string[] = []): PriorityRow[] {
  const names = Object.keys(kpis.sla_by_priority);
  names.sort((a, b) => rankOf(order, a) - rankOf(order, b) || a.localeCompare(b));
  return names.map((priority) => ({
    priority,
    cells: targets.map((t) => {
      const f = kpis.sla_by_priority[priority]?.[t];
      const value = f?.attainment ?? null;
      return { target: t, value, text: value === null ? '—' : `${round1(value * 100)}% (${f!.met} met, ${f!.breached} missed)` };
    }),
  }));
}

function rankOf(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** "3h 20m", "45m", "2d 4h", "0m" for a duration in seconds. */
export function durationWords(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m`;
}
