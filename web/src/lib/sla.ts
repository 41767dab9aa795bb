// The live SLA countdown of a ticket: its state (ok / at risk / breached / paused) and the
// time left to its next deadline, measured on the service's clock (see clock.ts). The
// service decides ok and at risk (a share of the target used, in business time); the
// countdown only adds what the passing of time alone makes true: a deadline that has gone
// by is breached, without waiting for the next event.

export type SlaState = 'ok' | 'at_risk' | 'breached' | 'paused' | 'stopped' | 'none';

export interface SlaSnapshot {
  state: string;
  next_deadline: string | null;
  breached: boolean;
}

export interface Countdown {
  state: SlaState;
  /** Seconds to the next deadline (negative once past it); null when no clock runs. */
  remaining: number | null;
  label: string;
}

const known: ReadonlySet<string> = new Set(['ok', 'at_risk', 'breached', 'paused', 'stopped', 'none']);

function asState(state: string): SlaState {
  return known.has(state) ? (state as SlaState) : 'none';
}

export function countdown(sla: SlaSnapshot | undefined, nowMs: number): Countdown {
  if (!sla) return { state: 'none', remaining: null, label: 'no SLA' };
  const state = asState(sla.state);
  if (sla.next_deadline === null) {
    const label = state === 'paused' ? 'paused' : state === 'breached' ? 'breached' : 'no running clock';
    return { state, remaining: null, label };
  }
  const deadline = Date.parse(sla.next_deadline);
  const remaining = Math.floor((deadline - nowMs) / 1000);
  if (state === 'paused') return { state, remaining, label: `paused, ${formatDuration(remaining)} left` };
  if (remaining <= 0) return { state: 'breached', remaining, label: `${formatDuration(-remaining)} overdue` };
  return { state: state === 'none' || state === 'stopped' ? 'ok' : state, remaining, label: `${formatDuration(remaining)} left` };
}

/** "2d 4h", "3h 05m", "12m 09s", "45s": two units at most, the larger first. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${two(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${two(secs)}s`;
  return `${secs}s`;
}

export const stateLabel: Record<SlaState, string> = {
  ok: 'On track',
  at_risk: 'At risk',
  breached: 'Breached',
  paused: 'Paused',
  stopped: 'Stopped',
  none: 'No SLA',
};

// Per-target clocks (sla.targets), when the service sends them: each target's due instant
// and its own countdown. Without them the page keeps the single next deadline.
export interface TargetSnapshot {
  target: string;
  due: string | null;
  state: string;
  breaches: number;
}

export interface TargetRow {
  target: string;
  label: string; // "First response"
  due: string | null;
  countdown: Countdown;
  breaches: number;
}

const targetLabels: Record<string, string> = {
  first_response: 'First response',
  next_update: 'Next update',
  resolution: 'Resolution',
};

/** The rows to show for sla.targets, or null when the ticket has none (older services). */
export function targetRows(sla: { targets?: TargetSnapshot[] | null } | undefined, nowMs: number): TargetRow[] | null {
  if (!sla || !Array.isArray(sla.targets)) return null;
  return sla.targets.map((t) => {
    const met = t.state === 'met';
    const c = met
      ? { state: 'stopped' as SlaState, remaining: null, label: 'met' }
      : countdown({ state: t.state, next_deadline: t.due, breached: t.breaches > 0 }, nowMs);
    return { target: t.target, label: targetLabels[t.target] ?? t.target.replace(/_/g, ' '), due: t.due, countdown: c, breaches: t.breaches };
  });
}
