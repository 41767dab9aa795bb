// The escalate dialog's decisions, apart from its UI: which destinations to offer (next
// level, each other level, each other team of the policy), and what a preview from
// GET /tickets/{id}/escalation-preview means for the person about to confirm: who receives
// the case, whether their authority allows it (and the refusal in the service's words), and
// what a limit would do. The service checks again when the escalation is sent.
import type { EscalationPreview, Policy } from './api';

export interface Destination {
  value: string; // the `to` of /escalate and /escalation-preview
  label: string;
}

export function destinations(policy: Policy | null, current: { team?: string; level?: string }): Destination[] {
  const list: Destination[] = [{ value: 'next_level', label: 'Next level (hierarchical)' }];
  if (!policy) return list;
  const levels = [...policy.levels].sort((a, b) => a.rank - b.rank);
  for (const level of levels) {
    if (level.id !== current.level) list.push({ value: level.id, label: `Level ${level.id}: ${level.name}` });
  }
  for (const team of policy.teams) {
    if (team.id !== current.team) list.push({ value: team.id, label: `Team: ${team.name} (${team.level})` });
  }
  return list;
}

export interface PreviewView {
  canConfirm: boolean;
  verdict: string; // one sentence: allowed, or why not
  destination: string; // "Product specialists (L2)"
  receivers: { label: string; value: string }[];
  limit: string | null; // what a limit would do, in words; null when none is reached
}

export function refusalText(refusal: EscalationPreview['refusal']): string {
  if (!refusal) return 'The policy refuses this escalation.';
  if (typeof refusal === 'string') return refusal;
  return refusal.message ?? 'The policy refuses this escalation.';
}

export function describePreview(preview: EscalationPreview, policy: Policy | null): PreviewView {
  const to = preview.to;
  const team = to ? policy?.teams.find((t) => t.id === to.team) : undefined;
  const destination = to ? `${team?.name ?? to.team}${to.level ? ` (${to.level})` : ''}` : 'nowhere';
  const r = preview.receivers;
  const receivers: PreviewView['receivers'] = [];
  if (preview.allowed && r) {
    receivers.push({ label: 'Members', value: r.members.length ? r.members.join(', ') : 'nobody listed' });
    receivers.push({ label: 'Lead', value: r.lead ?? 'none' });
    receivers.push({ label: 'Manager', value: r.manager ?? 'none' });
    receivers.push({ label: 'On call', value: r.on_call ?? 'nobody on call now' });
  }
  let limit: string | null = null;
  if (preview.allowed && preview.limit) {
    limit = preview.limit.effect === 'queue'
      ? `The ${preview.limit.limit} limit is reached: the escalation will wait in its queue, and the case stays where it is until a place frees up.`
      : `The ${preview.limit.limit} limit is reached: the escalation goes ahead and the receiving team's manager is told.`;
  }
  const kind = preview.type === 'functional' ? 'functional' : 'hierarchical';
  const verdict = preview.allowed
    ? `Allowed: a ${kind} escalation from ${preview.from.level} to ${destination}${preview.acting_level ? `, acting with ${preview.acting_level} authority` : ''}.`
    : `Not allowed: ${refusalText(preview.refusal)}`;
  return { canConfirm: preview.allowed, verdict, destination, receivers, limit };
}
