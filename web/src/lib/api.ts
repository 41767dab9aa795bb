// The JSON API client: same origin, the session cookie goes by itself, and every call that
// changes something carries the X-CSRF-Token the login returned (docs/api.md). Errors
// arrive as ApiError with the API's code, message and field, so pages can say what went
// wrong and where; a 409 (stale version) is ApiError.conflict.
import type { PolicyProblem, SimFigures, SlaRule } from './policy';

export interface Me {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  customer_id: number | null;
  csrf_token?: string;
  now?: string;
}

export type Role = 'customer' | 'agent' | 'supervisor' | 'escalation_manager' | 'manager' | 'admin';

export interface Ticket {
  id: number;
  key: string;
  subject: string;
  description: string;
  customer_id: number;
  category: string;
  impact: string;
  urgency: string;
  priority: string;
  status: string;
  created_at: string;
  updated_at: string;
  version: number;
  resolved_at: string | null;
  team?: string;
  level?: string;
  assignee?: string | null;
  tags?: string[];
  sla?: { state: string; next_deadline: string | null; breached: boolean; targets?: SlaTarget[] };
  signoff?: { required: boolean; state: string | null };
  merged_into?: number | null;
  feedback?: unknown;
  acknowledged_at?: string | null;
  root_cause?: { category: string; text: string } | null;
  queued_escalation?: unknown;
  escalation_requested: boolean;
  awaiting_signoff?: boolean;
}

/** One SLA target's clock, when the service sends them (sla.targets; optional). */
export interface SlaTarget {
  target: string; // first_response | next_update | resolution
  due: string | null;
  state: string; // ok | at_risk | breached | paused | met
  breaches: number;
}

export interface Placed {
  team: string;
  level: string;
}

/** GET /tickets/{id}/escalation-preview: what an escalation would do, without doing it. */
export interface EscalationPreview {
  allowed: boolean;
  refusal: { code?: string; message?: string } | string | null;
  acting_level: string | null;
  type: string | null;
  from: Placed;
  to: Placed | null;
  receivers: { members: string[]; lead: string | null; manager: string | null; on_call: string | null } | null;
  limit: { effect: 'queue' | 'notify_manager'; limit: string } | null;
}

export interface TicketLink {
  id: number;
  at: string;
  by: string;
  kind: string; // knowledge | related | parent | child
  title: string | null;
  url: string | null;
  other_ticket: number | null;
}

export interface DashboardList {
  count: number;
  count_capped: boolean;
  tickets: Ticket[];
}

export interface DashboardLimit {
  scope: 'level' | 'team';
  id: string;
  open: number;
  max: number;
  queued: number;
  beyond: string;
  overloaded: boolean;
}

export interface Dashboard {
  now: string;
  since: string;
  at_risk_until: string;
  open_escalations: { total: number; by_level_and_team: { level: string; team: string; open: number }[] };
  at_risk: DashboardList;
  breached_today: DashboardList;
  limits: DashboardLimit[];
  pending_signoffs: DashboardList;
}

export interface SavedView {
  id: number;
  name: string;
  query: string;
  created_at: string;
}

export interface PolicyCheck {
  ok: boolean;
  problems?: PolicyProblem[];
  version?: string;
  same_as_running?: boolean;
  running_version?: string;
  summary?: Record<string, number>;
}

export interface PolicySimulation {
  ok: boolean;
  problems?: PolicyProblem[];
  errors?: string[];
  error_count?: number;
  from?: string;
  to?: string;
  tickets?: number;
  truncated?: boolean;
  running?: SimFigures;
  candidate?: SimFigures;
}

export interface User {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  role: Role;
  customer_id: number | null;
  disabled: boolean;
  created_at: string;
}

export interface ApiToken {
  id: number;
  user_id: number;
  name: string;
  created_at?: string;
  last_used_at?: string | null;
  revoked?: boolean;
  token?: string; // only in the answer that made it
}

export interface Notification {
  id: number;
  ticket_id: number;
  event: string;
  recipient: string;
  role: string;
  channel: string;
  state: string;
  attempts: number;
  error: string | null;
  last_attempt_at: string | null;
  created_at: string;
}

export interface Message {
  id: number;
  at: string;
  author: string;
  from_customer: boolean;
  internal: boolean;
  body: string;
  channel: string;
}

/** A file on a ticket (from mail or uploaded); the bytes are at attachmentUrl. */
export interface Attachment {
  id: number;
  filename: string;
  content_type: string;
  size: number;
  created_at: string;
}

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  kind: string;
  data: Record<string, unknown> | null;
}

export interface Escalation {
  id: number;
  at: string;
  type: string;
  from: { team: string; level: string };
  to: { team: string; level: string };
  reason: string;
  trigger: string | null;
  by: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

export interface PolicyTeam {
  id: string;
  name: string;
  level: string;
  members: string[];
  lead: string | null;
  manager: string | null;
}

export interface Policy {
  version: string;
  levels: { id: string; name: string; rank: number }[];
  teams: PolicyTeam[];
  categories: { id: string; name: string }[];
  priorities: string[];
}

export interface TicketList {
  items: Ticket[];
  total: number;
  total_capped: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly body: unknown = null,
  ) {
    super(message);
  }
  get conflict(): boolean {
    return this.status === 409 || this.status === 412;
  }
}

let csrfToken = '';
let unauthenticated: () => void = () => {};

/** Called when the service answers 401 to a signed-in call (the session expired or ended). */
export function onUnauthenticated(handler: () => void): void {
  unauthenticated = handler;
}

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token ?? '';
}

async function call<T>(method: string, path: string, body?: unknown, yaml?: string, file?: Blob): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (yaml !== undefined) headers['Content-Type'] = 'application/yaml';
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (yaml !== undefined) init.body = yaml;
  if (file !== undefined) {
    headers['Content-Type'] = file.type || 'application/octet-stream';
    init.body = file;
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'The service cannot be reached. Check your connection.');
  }
  const text = await response.text();
  const json: unknown = text ? safeParse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/v1/session') unauthenticated();
    const error = (json as { error?: { code?: string; message?: string; field?: string | null } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'error', error?.message ?? `HTTP ${response.status}`, error?.field ?? null, json);
  }
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const ticketPath = (id: string | number) => `/api/v1/tickets/${encodeURIComponent(String(id))}`;

export const api = {
  signIn: (username: string, password: string) =>
    call<{ csrf_token: string; user: Me }>('POST', '/api/v1/session', { username, password }),
  signOut: () => call<unknown>('DELETE', '/api/v1/session'),
  me: () => call<Me>('GET', '/api/v1/me'),
  policy: () => call<Policy>('GET', '/api/v1/policy'),
  tickets: (query: URLSearchParams) => call<TicketList>('GET', `/api/v1/tickets?${query.toString()}`),
  ticket: (id: string | number) => call<Ticket>('GET', ticketPath(id)),
  messages: (id: string | number) => call<{ items: Message[] }>('GET', `${ticketPath(id)}/messages`),
  attachments: (id: string | number) => call<{ items: Attachment[] }>('GET', `${ticketPath(id)}/attachments`),
  attachmentUrl: (id: string | number, attachment: number) => `${ticketPath(id)}/attachments/${attachment}`,
  uploadAttachment: (id: string | number, file: File) =>
    call<Attachment>('POST', `${ticketPath(id)}/attachments?filename=${encodeURIComponent(file.name)}`, undefined, undefined, file),
  events: (id: string | number) => call<{ items: AuditEvent[] }>('GET', `${ticketPath(id)}/events`),
  escalations: (id: string | number) => call<{ items: Escalation[] }>('GET', `${ticketPath(id)}/escalations`),
  addMessage: (id: number, body: string, internal: boolean) =>
    call<Message>('POST', `${ticketPath(id)}/messages`, { body, internal }),
  changeStatus: (id: number, status: string, version: number) =>
    call<Ticket>('POST', `${ticketPath(id)}/status`, { status, version }),
  assign: (id: number, assignee: string, version: number) =>
    call<Ticket>('PATCH', ticketPath(id), { assignee, version }),
  escalate: (id: number, to: string, reason: string) =>
    call<Ticket>('POST', `${ticketPath(id)}/escalate`, { to, reason }),
  preview: (id: number, to: string) =>
    call<EscalationPreview>('GET', `${ticketPath(id)}/escalation-preview?to=${encodeURIComponent(to)}`),
  deescalate: (id: number, to: string, reason: string) =>
    call<Ticket>('POST', `${ticketPath(id)}/deescalate`, to ? { to, reason } : { reason }),
  signoff: (id: number, decision: 'approve' | 'reject', comment: string) =>
    call<Ticket>('POST', `${ticketPath(id)}/signoff`, comment ? { decision, comment } : { decision }),
  links: (id: string | number) => call<{ items: TicketLink[] }>('GET', `${ticketPath(id)}/links`),
  addLink: (id: number, link: Record<string, string | number>) => call<unknown>('POST', `${ticketPath(id)}/links`, link),
  merge: (id: number, into: number) => call<Ticket>('POST', `${ticketPath(id)}/merge`, { into }),
  dashboard: (since: string) => call<Dashboard>('GET', `/api/v1/dashboard?since=${encodeURIComponent(since)}`),
  views: () => call<{ items: SavedView[] }>('GET', '/api/v1/views'),
  saveView: (name: string, query: string) => call<SavedView>('POST', '/api/v1/views', { name, query }),
  deleteView: (id: number) => call<unknown>('DELETE', `/api/v1/views/${id}`),
  policySla: () => call<{ version: string; items: SlaRule[] }>('GET', '/api/v1/policy/sla'),
  checkPolicy: (yaml: string) => call<PolicyCheck>('POST', '/api/v1/policy/check', undefined, yaml),
  simulatePolicy: (yaml: string, from: string, to: string) =>
    call<PolicySimulation>('POST', `/api/v1/policy/simulate?${new URLSearchParams({ from, to }).toString()}`, undefined, yaml),
  applyPolicy: (yaml: string) => call<{ version: string; previous_version: string }>('PUT', '/api/v1/policy', undefined, yaml),
  users: () => call<{ items: User[] }>('GET', '/api/v1/users'),
  createUser: (user: { username: string; role: string; password: string; display_name: string; email: string }) =>
    call<User>('POST', '/api/v1/users', user),
  updateUser: (id: number, change: Partial<Pick<User, 'role' | 'disabled'>>) => call<User>('PATCH', `/api/v1/users/${id}`, change),
  tokens: () => call<{ items: ApiToken[] }>('GET', '/api/v1/tokens'),
  createToken: (user_id: number, name: string) => call<ApiToken>('POST', '/api/v1/tokens', { user_id, name }),
  revokeToken: (id: number) => call<unknown>('DELETE', `/api/v1/tokens/${id}`),
  deadNotifications: () => call<{ items: Notification[] }>('GET', '/api/v1/notifications?state=dead&limit=50'),
  retryNotification: (id: number) => call<unknown>('POST', `/api/v1/notifications/${id}/retry`, {}),
  openRequest: (r: { subject: string; description: string; category: string; impact: string; urgency: string }) =>
    call<Ticket>('POST', '/api/v1/tickets', r),
  requestEscalation: (id: number, reason: string) => call<unknown>('POST', `${ticketPath(id)}/escalation-request`, { reason }),
  feedback: (id: number, rating: number, comment: string) =>
    call<unknown>('POST', `${ticketPath(id)}/feedback`, comment ? { rating, comment } : { rating }),
  acknowledge: (id: number) => call<Ticket>('POST', `${ticketPath(id)}/acknowledge`, {}),
  resolve: (id: number, category: string, text: string) =>
    call<Ticket>('POST', `${ticketPath(id)}/resolve`, { root_cause_category: category, root_cause: text }),
};
