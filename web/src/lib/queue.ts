// Queue views: which scopes a person may pick (mine, my team, my level, all), and how a
// view becomes the list query of GET /api/v1/tickets. The service filters and sorts (next
// SLA deadline first); this only builds the question and the words shown for it.
import type { Me, Policy, Role } from './api';

export type Scope = 'mine' | 'team' | 'level' | 'all';
export type StatusFilter = 'open' | 'all' | 'waiting' | 'resolved';

export interface QueueView {
  scope: Scope;
  status: StatusFilter;
  priority: string;
  category: string;
  sla: '' | 'at_risk' | 'breached';
  q: string;
}

export interface Placement {
  team: string | null;
  level: string | null;
}

export const staffRoles: ReadonlySet<Role> = new Set(['agent', 'supervisor', 'escalation_manager', 'manager', 'admin']);

/** Reports and exports: supervisors and above (docs/api.md, Roles). */
export const reportRoles: ReadonlySet<Role> = new Set(['supervisor', 'escalation_manager', 'manager', 'admin']);

/** A staff member's team and level: the policy team that lists them (member, lead or manager). */
export function placementOf(username: string, policy: Policy | null): Placement {
  if (!policy) return { team: null, level: null };
  const team =
    policy.teams.find((t) => t.members.includes(username)) ??
    policy.teams.find((t) => t.lead === username) ??
    policy.teams.find((t) => t.manager === username);
  return team ? { team: team.id, level: team.level } : { team: null, level: null };
}

/** The scopes offered to `me`, the most personal first. Agents see their own work. */
export function scopesFor(me: Pick<Me, 'role'>, placement: Placement): Scope[] {
  if (!staffRoles.has(me.role)) return [];
  const scopes: Scope[] = [];
  if (me.role !== 'admin') scopes.push('mine');
  if (placement.team) scopes.push('team');
  if (placement.level) scopes.push('level');
  if (me.role !== 'agent') scopes.push('all');
  return scopes;
}

export function defaultView(scopes: Scope[]): QueueView {
  return { scope: scopes[0] ?? 'all', status: 'open', priority: '', category: '', sla: '', q: '' };
}

export const scopeLabel: Record<Scope, string> = {
  mine: 'Mine',
  team: 'My team',
  level: 'My level',
  all: 'All',
};

const statusParam: Record<StatusFilter, string | null> = {
  open: null,
  all: null,
  waiting: 'waiting_on_customer,waiting_on_third_party',
  resolved: 'resolved,closed',
};

export function queueQuery(view: QueueView, me: Pick<Me, 'username'>, placement: Placement, limit = 100): URLSearchParams {
  const query = new URLSearchParams();
  if (view.scope === 'mine') query.set('assignee', me.username);
  if (view.scope === 'team' && placement.team) query.set('team', placement.team);
  if (view.scope === 'level' && placement.level) query.set('level', placement.level);
  if (view.status === 'open') query.set('open', 'true');
  const status = statusParam[view.status];
  if (status) query.set('status', status);
  if (view.priority) query.set('priority', view.priority);
  if (view.category) query.set('category', view.category);
  if (view.sla === 'at_risk') query.set('at_risk', 'true');
  if (view.sla === 'breached') query.set('breached', 'true');
  const q = view.q.trim().replace(/\s+/g, ' ');
  if (q) query.set('q', q.slice(0, 200));
  query.set('sort', 'deadline');
  query.set('limit', String(limit));
  return query;
}

/** The view in the address bar (so a view can be bookmarked and shared) and back. */
export function viewToSearch(view: QueueView): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(view)) {
    if (value) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function viewFromSearch(search: string, scopes: Scope[]): QueueView {
  const params = new URLSearchParams(search);
  const view = defaultView(scopes);
  const scope = params.get('scope') as Scope | null;
  if (scope && scopes.includes(scope)) view.scope = scope;
  const status = params.get('status') as StatusFilter | null;
  if (status && status in statusParam) view.status = status;
  view.priority = params.get('priority') ?? '';
  view.category = params.get('category') ?? '';
  const sla = params.get('sla');
  view.sla = sla === 'at_risk' || sla === 'breached' ? sla : '';
  view.q = params.get('q') ?? '';
  return view;
}

/** Above the first level of the hierarchy: someone (or the engine) escalated it. */
export function isEscalated(t: { level?: string }, levels: { id: string; rank: number }[]): boolean {
  if (!t.level || levels.length === 0) return false;
  const lowest = Math.min(...levels.map((l) => l.rank));
  const level = levels.find((l) => l.id === t.level);
  return level !== undefined && level.rank > lowest;
}

/** A search that is a ticket key ("ESC-12", "esc-12") or number ("#12") opens that ticket. */
export function ticketKeyIn(text: string): string | null {
  const t = text.trim();
  const key = /^([A-Za-z]+)-(\d+)$/.exec(t);
  if (key?.[1] && key[2]) return `${key[1].toUpperCase()}-${key[2]}`;
  const number = /^#(\d+)$/.exec(t);
  return number?.[1] ?? null;
}
