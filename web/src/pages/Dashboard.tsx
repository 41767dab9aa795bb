// The live escalation dashboard (GET /api/v1/dashboard, one call, read by the service in one
// transaction): open escalations by level and team, tickets at risk in the next hour,
// breaches since the start of the reader's day, the policy's limits with the overloaded
// ones marked, and pending sign-offs. Every figure clicks through to the ticket or to the
// queue filtered to it. Live: ticket events reload it, debounced (a burst is one reload);
// nothing polls.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Dashboard as DashboardData, type DashboardList, type Policy } from '../lib/api';
import { serverClock } from '../lib/clock';
import { debounce, groupEscalations, limitRows, localMidnight, queueHref } from '../lib/dashboard';
import { live } from '../lib/live';
import { linkClick } from '../lib/router';
import { useNow } from '../lib/use_now';
import { when } from '../lib/format';
import { SlaBadge } from '../components/SlaBadge';

export function Dashboard({ policy }: { policy: Policy | null }) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState('');
  const now = useNow();
  const loading = useRef({ running: false, again: false });

  // One request at a time; a change that arrives meanwhile makes one more reload after it.
  const load = async () => {
    const state = loading.current;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    try {
      do {
        state.again = false;
        try {
          const dash = await api.dashboard(localMidnight(serverClock.now()));
          serverClock.atLeast(dash.now);
          setData(dash);
          setError('');
        } catch (e) {
          setError(e instanceof ApiError ? e.message : 'The dashboard could not be loaded.');
        }
      } while (state.again);
    } finally {
      state.running = false;
    }
  };

  useEffect(() => {
    void load();
    const reload = debounce(() => void load(), 400);
    const off = live.subscribe(() => reload.call());
    return () => {
      off();
      reload.cancel();
    };
  }, []);

  const go = (href: string) => (e: MouseEvent) => linkClick(e, href);
  if (!data) {
    return (
      <section class="dashboard">
        <h1>Escalation dashboard</h1>
        {error ? <p class="error" role="alert">{error}</p> : <p aria-busy="true">Loading…</p>}
      </section>
    );
  }
  const levels = groupEscalations(data, policy);
  const limits = limitRows(data.limits, policy);
  return (
    <section class="dashboard" aria-labelledby="dash-title">
      <div class="queue-head">
        <h1 id="dash-title">Escalation dashboard</h1>
        <span class="muted">as of {when(data.now)}</span>
      </div>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <div class="dash-grid">
        <section class="panel" aria-labelledby="dash-open" data-card="open-escalations">
          <h2 id="dash-open">Open escalations <span class="figure">{data.open_escalations.total}</span></h2>
          {levels.length === 0 ? <p>None open.</p> : (
            <ul class="dash-levels">
              {levels.map((g) => (
                <li key={g.level}>
                  <a href={g.href} onClick={go(g.href)}><strong>{g.level}</strong> {g.name}: {g.total}</a>
                  <ul>
                    {g.teams.map((t) => (
                      <li key={t.team}><a href={t.href} onClick={go(t.href)}>{t.name}: {t.open}</a></li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </section>
        <TicketCard id="at-risk" title="At risk in the next hour" list={data.at_risk} now={now}
          href={queueHref({ at_risk: 'true', open: 'true' })} empty="Nothing due in the next hour." />
        <TicketCard id="breached-today" title="Breaches today" list={data.breached_today} now={now}
          href={queueHref({ breached: 'true', open: 'true' })} empty="No breach since midnight." />
        <section class="panel" aria-labelledby="dash-limits" data-card="limits">
          <h2 id="dash-limits">Limits</h2>
          {limits.length === 0 ? <p>The policy sets no limits.</p> : (
            <ul class="dash-limits">
              {limits.map((l) => (
                <li key={l.label} class={l.overloaded ? 'overloaded' : ''} data-overloaded={String(l.overloaded)}>
                  <span>
                    <a href={l.href} onClick={go(l.href)}>{l.label}</a>: {l.open} of {l.max} open
                    {l.queued > 0 ? `, ${l.queued} waiting` : ''}
                    {l.overloaded ? <strong class="overload-word"> Overloaded</strong> : null}
                  </span>
                  <meter min={0} max={1} low={0.7} high={0.9} optimum={0} value={l.share} aria-label={`${l.label}: ${l.open} of ${l.max}`} />
                  <span class="muted">{l.beyond}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <TicketCard id="signoffs" title="Pending sign-offs" list={data.pending_signoffs} now={now}
          href={queueHref({ status: 'resolved' })} empty="No sign-off waits." />
      </div>
    </section>
  );
}

function TicketCard({ id, title, list, now, href, empty }: {
  id: string; title: string; list: DashboardList; now: number; href: string; empty: string;
}) {
  return (
    <section class="panel" aria-labelledby={`dash-${id}`} data-card={id}>
      <h2 id={`dash-${id}`}>{title} <span class="figure" data-count={list.count}>{list.count}{list.count_capped ? '+' : ''}</span></h2>
      {list.tickets.length === 0 ? <p>{empty}</p> : (
        <ul class="dash-tickets">
          {list.tickets.map((t) => (
            <li key={t.id} data-ticket={t.key}>
              <a href={`/tickets/${t.key}`} onClick={(e) => linkClick(e, `/tickets/${t.key}`)}>
                <span class="key">{t.key}</span> {t.subject}
              </a>
              <div class="meta"><SlaBadge sla={t.sla} now={now} /><span class="pill">{t.level}</span><span class="muted">{t.team}</span></div>
            </li>
          ))}
        </ul>
      )}
      {list.count > 0 ? <p><a href={href} onClick={(e) => linkClick(e, href)}>Open in the queue</a></p> : null}
    </section>
  );
}
