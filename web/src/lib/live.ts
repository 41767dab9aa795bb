// Live updates from the Server-Sent Events stream GET /api/v1/events (docs/api.md): one
// EventSource per page load, shared by every view that listens. The browser reconnects by
// itself after a drop; since events may have been missed meanwhile, listeners are told to
// reload ("resync") whenever the stream (re)opens or the service says it dropped events
// ("lagged"). No polling anywhere.
import { serverClock } from './clock';

export interface LiveEvent {
  type: string; // "ticket.escalated", ...
  ticket_id: number;
  key: string;
  at: string;
  actor?: string;
  status?: string;
  team?: string;
  level?: string;
  sla_state?: string;
  version?: number;
  data?: Record<string, unknown>;
}

export type LiveListener = (event: LiveEvent | 'resync') => void;

// The audit trail's vocabulary (docs/api.md): each is sent as event "ticket.<kind>".
export const eventKinds = [
  'created', 'assigned', 'field_changed', 'replied', 'customer_replied', 'note_added',
  'status_changed', 'escalated', 'deescalated', 'acknowledged', 'escalation_requested',
  'trigger_fired', 'sla_breached', 'resolved', 'signoff_required', 'signoff_requested',
  'signoff_approved', 'signoff_rejected', 'feedback', 'feedback_comment', 'link_added',
  'merged_into', 'merged', 'tagged', 'escalation_queued', 'queued_escalation_cancelled',
  'escalation_limit_exceeded', 'engine_error',
] as const;

export function parseLiveEvent(type: string, data: string): LiveEvent | null {
  try {
    const parsed = JSON.parse(data) as Partial<LiveEvent>;
    if (typeof parsed.ticket_id !== 'number' || typeof parsed.at !== 'string') return null;
    return { ...parsed, type, ticket_id: parsed.ticket_id, key: parsed.key ?? '', at: parsed.at };
  } catch {
    return null;
  }
}

class LiveStream {
  private source: EventSource | null = null;
  private listeners = new Set<LiveListener>();
  private opened = false;
  connected = false;
  private statusListeners = new Set<(connected: boolean) => void>();

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    this.ensureOpen();
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (connected: boolean) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  close(): void {
    this.source?.close();
    this.source = null;
    this.opened = false;
    this.setConnected(false);
  }

  private ensureOpen(): void {
    if (this.source) return;
    const source = new EventSource('/api/v1/events');
    this.source = source;
    source.onopen = () => {
      this.setConnected(true);
      // The first open needs no resync (the views just loaded); a reopen does.
      if (this.opened) this.emit('resync');
      this.opened = true;
    };
    source.onerror = () => this.setConnected(false);
    source.addEventListener('lagged', () => this.emit('resync'));
    for (const kind of eventKinds) {
      source.addEventListener(`ticket.${kind}`, (e) => {
        const event = parseLiveEvent(`ticket.${kind}`, (e as MessageEvent<string>).data);
        if (!event) return;
        serverClock.atLeast(event.at);
        this.emit(event);
      });
    }
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const listener of this.statusListeners) listener(connected);
  }

  private emit(event: LiveEvent | 'resync'): void {
    for (const listener of this.listeners) listener(event);
  }
}

export const live = new LiveStream();
