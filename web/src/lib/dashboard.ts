// The escalation dashboard's logic apart from its UI: the start of the reader's day as the
// `since` of GET /api/v1/dashboard (local midnight, RFC 3339 with the local offset), the open
// escalations grouped by level (in the policy's rank order) and team, the limits in words,
// the queue address each figure clicks through to, and a debounce so a burst of live events
// becomes one reload.
import type { Dashboard, DashboardLimit, Policy } from './api';

const two = (n: number) => String(n).padStart(2, '0');

/** Local midnight of the day that holds `instant`, as "2026-03-02T00:00:00-05:00". */
export function localMidnight(instant: number): string {
  const day = new Date(instant);
  const midnight = new Date(day.getFullYear(), day.getMonth(), day.getDate());
  const offset = -midnight.getTimezoneOffset(); // minutes east of UTC
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${midnight.getFullYear()}-${two(midnight.getMonth() + 1)}-${two(midnight.getDate())}T00:00:00${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

export interface LevelGroup {
  level: string;
  name: string;
  total: number;
  teams: { team: string; name: string; open: number; href: string }[];
  href: string;
}

/** Open escalations by level (lowest rank first, unknown levels last) and team (most first). */
export function groupEscalations(dash: Pick<Dashboard, 'open_escalations'>, policy: Policy | null): LevelGroup[] {
  const groups = new Map<string, LevelGroup>();
  for (const row of dash.open_escalations.by_level_and_team) {
    let group = groups.get(row.level);
    if (!group) {
      const name = policy?.levels.find((l) => l.id === row.level)?.name ?? row.level;
      group = { level: row.level, name, total: 0, teams: [], href: queueHref({ level: row.level, open: 'true' }) };
      groups.set(row.level, group);
    }
    group.total += row.open;
    group.teams.push({
      team: row.team,
      name: policy?.teams.find((t) => t.id === row.team)?.name ?? row.team,
      open: row.open,
      href: queueHref({ level: row.level, team: row.team, open: 'true' }),
    });
  }
  const rank = (level: string) => policy?.levels.find((l) => l.id === level)?.rank ?? Number.MAX_SAFE_INTEGER;
  const list = [...groups.values()].sort((a, b) => rank(a.level) - rank(b.level) || a.level.localeCompare(b.level));
  for (const group of list) group.teams.sort((a, b) => b.open - a.open || a.team.localeCompare(b.team));
  return list;
}

export interface LimitRow {
  label: string;
  open: number;
  max: number;
  queued: number;
  overloaded: boolean;
  share: number; // open / max, 0..1 (capped) for the bar
  beyond: string;
  href: string;
}

export function limitRows(limits: DashboardLimit[], policy: Policy | null): LimitRow[] {
  return limits.map((l) => {
    const name = l.scope === 'level'
      ? `Level ${l.id}`
      : `Team ${policy?.teams.find((t) => t.id === l.id)?.name ?? l.id}`;
    return {
      label: name,
      open: l.open,
      max: l.max,
      queued: l.queued,
      overloaded: l.overloaded,
      share: l.max > 0 ? Math.min(1, l.open / l.max) : 1,
      beyond: l.beyond === 'queue' ? 'beyond it, escalations wait in a queue' : 'beyond it, the manager is told',
      href: queueHref(l.scope === 'level' ? { level: l.id, open: 'true' } : { team: l.id, open: 'true' }),
    };
  });
}

/** The queue filtered by a ticket-list query (the same string saved views keep). */
export function queueHref(query: Record<string, string>): string {
  return `/?list=${encodeURIComponent(new URLSearchParams(query).toString())}`;
}

/** Calls `run` once, `ms` after the last of a burst of calls. */
export function debounce(run: () => void, ms: number, timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout }): { call: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    call: () => {
      if (timer !== null) timers.clear(timer);
      timer = timers.set(() => {
        timer = null;
        run();
      }, ms);
    },
    cancel: () => {
      if (timer !== null) timers.clear(timer);
      timer = null;
    },
  };
}
