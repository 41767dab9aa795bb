// The queue: the tickets of a scope (mine / my team / my level / all, as the role allows),
// next SLA deadline first, each with its live countdown. Filters and search live in the
// address (bookmarkable). Live: any ticket event reloads the list, one request at a time
// (events that arrive meanwhile fold into one more reload); nothing polls.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Me, type Policy, type Ticket } from '../lib/api';
import { live } from '../lib/live';
import { statusWord } from '../lib/format';
import {
  isEscalated, placementOf, queueQuery, ticketKeyIn, scopeLabel, scopesFor, viewFromSearch, viewToSearch, type QueueView,
} from '../lib/queue';
import { linkClick, navigate } from '../lib/router';
import { useNow } from '../lib/use_now';
import { SlaBadge } from '../components/SlaBadge';
import { describeQuery, listFromSearch, runnableQuery, savedQuery } from '../lib/views';
import { SavedViews } from './SavedViews';

interface Props {
  me: Me;
  policy: Policy | null;
  search: string;
}

export function Queue({ me, policy, search }: Props) {
  const placement = placementOf(me.username, policy);
  const scopes = scopesFor(me, placement);
  const view = viewFromSearch(search, scopes);
  const [tickets, setTickets] = useState<Ticket[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState('');
  const [connected, setConnected] = useState(live.connected);
  const [searchText, setSearchText] = useState(view.q);
  const now = useNow();
  const loading = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });
  const list = listFromSearch(search);
  const query = list ? runnableQuery(list.query).toString() : queueQuery(view, me, placement).toString();

  const reload = async () => {
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
          const list = await api.tickets(new URLSearchParams(query));
          setTickets(list.items);
          setTotal(list.total);
          setError('');
        } catch (e) {
          setError(e instanceof ApiError ? e.message : 'The queue could not be loaded.');
        }
      } while (state.again);
    } finally {
      state.running = false;
    }
  };

  useEffect(() => {
    setTickets(null);
    void reload();
    const off = live.subscribe(() => void reload());
    const offStatus = live.onStatus(setConnected);
    return () => {
      off();
      offStatus();
    };
  }, [query]);

  const setView = (change: Partial<QueueView>) => {
    navigate(`/${viewToSearch({ ...view, ...change })}`, { replace: !list });
  };

  const levels = policy?.levels ?? [];
  return (
    <section aria-labelledby="queue-title" class="queue">
      <div class="queue-head">
        <h1 id="queue-title">Queue</h1>
        <span class={`live-dot ${connected ? 'on' : 'off'}`} role="status">
          {connected ? 'Live' : 'Reconnecting…'}
        </span>
      </div>
      <SavedViews query={savedQuery(query)} current={list} />
      {list ? (
        <p class="filtered" data-list={list.query}>
          Showing {list.name ? <>the view <strong>{list.name}</strong></> : <>{describeQuery(list.query)}</>}.{' '}
          <a href="/" onClick={(e) => linkClick(e, '/')}>Back to your queue</a>
        </p>
      ) : null}
      <div role="group" aria-label="Whose tickets" class="scopes">
        {scopes.map((scope) => (
          <button type="button" aria-pressed={!list && view.scope === scope} class={!list && view.scope === scope ? 'tab active' : 'tab'}
            onClick={() => setView({ scope })} key={scope}>
            {scopeLabel[scope]}
          </button>
        ))}
      </div>
      <form class="filters" role="search" onSubmit={(e) => {
        e.preventDefault();
        const key = ticketKeyIn(searchText);
        if (key) navigate(`/tickets/${key}`);
        else setView({ q: searchText });
      }}>
        <label>
          <span>Search</span>
          <input type="search" name="q" value={searchText} placeholder="Words, or a key: ESC-12" onInput={(e) => setSearchText(e.currentTarget.value)} />
        </label>
        <label>
          <span>Status</span>
          <select value={view.status} onChange={(e) => setView({ status: e.currentTarget.value as QueueView['status'] })}>
            <option value="open">Open</option>
            <option value="waiting">Waiting</option>
            <option value="resolved">Resolved or closed</option>
            <option value="all">All</option>
          </select>
        </label>
        <label>
          <span>Priority</span>
          <select value={view.priority} onChange={(e) => setView({ priority: e.currentTarget.value })}>
            <option value="">Any</option>
            {(policy?.priorities ?? []).map((p) => <option value={p} key={p}>{p}</option>)}
          </select>
        </label>
        <label>
          <span>Category</span>
          <select value={view.category} onChange={(e) => setView({ category: e.currentTarget.value })}>
            <option value="">Any</option>
            {(policy?.categories ?? []).map((c) => <option value={c.id} key={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>
          <span>SLA</span>
          <select value={view.sla} onChange={(e) => setView({ sla: e.currentTarget.value as QueueView['sla'] })}>
            <option value="">Any</option>
            <option value="at_risk">At risk</option>
            <option value="breached">Breached</option>
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {tickets === null ? (
        <p aria-busy="true">Loading…</p>
      ) : tickets.length === 0 ? (
        <p class="empty">No tickets in this view.</p>
      ) : (
        <>
          <p class="count" aria-live="polite">{total} ticket{total === 1 ? '' : 's'}, next deadline first</p>
          <ul class="tickets" aria-label="Tickets">
            {tickets.map((t) => (
              <li key={t.id} class="ticket-row" data-ticket={t.key}>
                <a href={`/tickets/${t.key}`} onClick={(e) => linkClick(e, `/tickets/${t.key}`)}>
                  <span class="key">{t.key}</span>
                  <span class="subject">{t.subject}</span>
                </a>
                <div class="meta">
                  <SlaBadge sla={t.sla} now={now} />
                  <span class={`pill priority-${t.priority}`}>{t.priority}</span>
                  <span class="pill">{t.category}</span>
                  <span class="pill" title={levels.find((l) => l.id === t.level)?.name ?? ''}>{t.level}</span>
                  {isEscalated(t, levels) ? <span class="pill escalated" data-escalated="true">Escalated</span> : null}
                  <span class="status">{statusWord(t.status)}</span>
                  <span class="assignee">{t.assignee ?? 'unassigned'}</span>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
