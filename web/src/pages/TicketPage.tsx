// One ticket: header facts and the SLA countdown, the conversation (public replies and
// internal notes), the actions the API supports, escalation history and the audit trail.
// Live: an event for this ticket reloads it. A change refused as stale (409/412) shows a
// clear message with the fresh state loaded, never a silent overwrite.
import { useEffect, useState } from 'preact/hooks';
import {
  api, ApiError, type AuditEvent, type Escalation, type Me, type Message, type Policy, type Ticket, type TicketLink,
} from '../lib/api';
import { live } from '../lib/live';
import { eventWords, statusWord, when } from '../lib/format';
import { linkClick } from '../lib/router';
import { useNow } from '../lib/use_now';
import { Attachments } from '../components/Attachments';
import { mayAddFiles } from '../lib/attachments';
import { SlaBadge } from '../components/SlaBadge';
import { stateLabel, targetRows, type TargetRow } from '../lib/sla';
import { Actions } from './TicketActions';
import { LinksPanel } from './TicketMoreActions';

interface Loaded {
  ticket: Ticket;
  messages: Message[];
  events: AuditEvent[];
  escalations: Escalation[];
  links: TicketLink[];
}

export type Notice = { kind: 'ok' | 'error' | 'conflict'; text: string } | null;

export function TicketPage({ id, me, policy }: { id: string; me: Me; policy: Policy | null }) {
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const now = useNow();

  const load = async (): Promise<Loaded | null> => {
    try {
      const [ticket, messages, events, escalations, links] = await Promise.all([
        api.ticket(id), api.messages(id), api.events(id), api.escalations(id), api.links(id),
      ]);
      const loaded = { ticket, messages: messages.items, events: events.items, escalations: escalations.items, links: links.items };
      setData(loaded);
      setError('');
      return loaded;
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? `There is no ticket ${id} you may see.` : e instanceof Error ? e.message : 'Loading failed.');
      return null;
    }
  };

  useEffect(() => {
    void load();
    return live.subscribe((event) => {
      if (event === 'resync' || event.key === id || String(event.ticket_id) === id || event.ticket_id === data?.ticket.id) void load();
    });
  }, [id]);

  // Runs a change; on success reloads, on a conflict reloads and says so.
  const act = async (what: string, change: () => Promise<unknown>): Promise<boolean> => {
    setNotice(null);
    try {
      await change();
      await load();
      setNotice({ kind: 'ok', text: `${what}: done.` });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.conflict) {
        await load();
        setNotice({ kind: 'conflict', text: `Someone changed this ticket meanwhile, so “${what}” was not applied. The page now shows the current state: check it and try again if still needed. (${e.message})` });
      } else {
        setNotice({ kind: 'error', text: `${what} failed: ${e instanceof Error ? e.message : String(e)}` });
      }
      return false;
    }
  };

  if (error && !data) {
    return (
      <section class="panel narrow">
        <h1>Ticket not available</h1>
        <p class="error" role="alert">{error}</p>
        <p><a href="/" onClick={(e) => linkClick(e, '/')}>Back to the queue</a></p>
      </section>
    );
  }
  if (!data) return <p aria-busy="true">Loading…</p>;
  const { ticket: t, messages, events, escalations, links } = data;
  const levelName = policy?.levels.find((l) => l.id === t.level)?.name ?? t.level;
  const teamName = policy?.teams.find((x) => x.id === t.team)?.name ?? t.team;

  return (
    <article class="ticket-page" aria-labelledby="ticket-title">
      <p class="crumbs"><a href="/" onClick={(e) => linkClick(e, '/')}>Queue</a> / {t.key}</p>
      <header class="ticket-head">
        <h1 id="ticket-title"><span class="key">{t.key}</span> {t.subject}</h1>
        <div class="meta">
          <SlaBadge sla={t.sla} now={now} />
          <span class={`pill priority-${t.priority}`}>{t.priority}</span>
          <span class="pill">{t.category}</span>
          <span class="status" data-status={t.status}>{statusWord(t.status)}</span>
        </div>
      </header>
      {notice ? <p class={`notice ${notice.kind}`} role={notice.kind === 'ok' ? 'status' : 'alert'}>{notice.text}</p> : null}
      <div class="ticket-grid">
        <div class="main-col">
          <section aria-labelledby="conv-title" class="panel">
            <h2 id="conv-title">Conversation</h2>
            <p class="description">{t.description}</p>
            <ol class="conversation">
              {messages.map((m) => (
                <li key={m.id} class={m.internal ? 'message internal' : m.from_customer ? 'message customer' : 'message staff'}>
                  <div class="message-head">
                    <strong>{m.author}</strong>
                    <span class="tag">{m.internal ? 'Internal note' : m.from_customer ? 'Customer' : 'Public reply'}</span>
                    <time dateTime={m.at}>{when(m.at)}</time>
                  </div>
                  <p class="message-body">{m.body}</p>
                </li>
              ))}
            </ol>
          </section>
          <Attachments ticket={t.id} canUpload={mayAddFiles(t)} />
          <Actions ticket={t} me={me} policy={policy} act={act} />
        </div>
        <aside class="side-col">
          <section class="panel" aria-labelledby="facts-title">
            <h2 id="facts-title">Details</h2>
            <dl class="facts">
              <dt>Status</dt><dd>{statusWord(t.status)}</dd>
              <dt>Level</dt><dd>{levelName}</dd>
              <dt>Team</dt><dd>{teamName}</dd>
              <dt>Assignee</dt><dd>{t.assignee ?? 'unassigned'}</dd>
              <dt>Impact / urgency</dt><dd>{t.impact} / {t.urgency}</dd>
              <dt>Created</dt><dd>{when(t.created_at)}</dd>
              <dt>Version</dt><dd>{t.version}</dd>
            </dl>
          </section>
          <section class="panel" aria-labelledby="sla-title">
            <h2 id="sla-title">SLA</h2>
            <dl class="facts">
              <dt>State</dt><dd><SlaBadge sla={t.sla} now={now} /></dd>
              <dt>Next deadline</dt><dd>{when(t.sla?.next_deadline)}</dd>
              <dt>Breached before</dt><dd>{t.sla?.breached ? 'yes' : 'no'}</dd>
            </dl>
            <TargetClocks rows={targetRows(t.sla, now)} />
          </section>
          <section class="panel" aria-labelledby="esc-title">
            <h2 id="esc-title">Escalations</h2>
            {escalations.length === 0 ? <p>None.</p> : (
              <ol class="escalations">
                {escalations.map((e) => (
                  <li key={e.id}>
                    <strong>{e.type}</strong> {e.from.level} → {e.to.level} ({e.to.team}) by {e.by}{e.trigger ? ` (trigger ${e.trigger})` : ''}
                    <br /><span class="muted">{e.reason} · {when(e.at)}{e.acknowledged_at ? ` · acknowledged by ${e.acknowledged_by ?? ''}` : ' · not acknowledged'}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
          <LinksPanel ticket={t} links={links} act={act} />
          <section class="panel" aria-labelledby="audit-title">
            <h2 id="audit-title">Audit trail</h2>
            <ol class="timeline" aria-label="Audit trail">
              {events.map((e) => (
                <li key={e.id} data-kind={e.kind}>
                  <time dateTime={e.at}>{when(e.at)}</time>
                  <span class="what">{eventWords(e.kind)}</span>
                  <span class="muted"> by {e.actor}</span>
                  {summary(e) ? <div class="muted">{summary(e)}</div> : null}
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </article>
  );
}

/** Each SLA target's due instant and live countdown, when the service sends sla.targets. */
function TargetClocks({ rows }: { rows: TargetRow[] | null }) {
  if (!rows || rows.length === 0) return null;
  return (
    <table class="targets">
      <caption class="visually-hidden">SLA targets</caption>
      <thead><tr><th scope="col">Target</th><th scope="col">Due</th><th scope="col">Left</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.target} data-target={r.target}>
            <th scope="row">{r.label}{r.breaches > 0 ? <span class="muted"> ({r.breaches} missed)</span> : null}</th>
            <td>{when(r.due)}</td>
            <td><span class={`sla sla-${r.countdown.state}`} data-sla-state={r.countdown.state}>
              {r.countdown.label === 'met' ? 'Met' : <>{stateLabel[r.countdown.state]} <span class="sla-time">{r.countdown.label}</span></>}
            </span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function summary(e: AuditEvent): string {
  const d = e.data ?? {};
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  switch (e.kind) {
    case 'status_changed': return `${s('from')} → ${s('to')}`;
    case 'escalated':
    case 'deescalated': return `${s('from_level')} → ${s('to_level')}${s('reason') ? `: ${s('reason')}` : ''}`;
    case 'assigned': return s('assignee') || s('to');
    case 'trigger_fired': return s('trigger');
    case 'field_changed': return `${s('field')}: ${s('from')} → ${s('to')}`;
    default: return '';
  }
}
