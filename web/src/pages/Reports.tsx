// Reports (supervisors and above): a date range, a team and a bucket size, then two calls,
// GET /api/v1/reports/kpis (the range's totals) and /reports/series (the same per bucket):
// escalation rate over time and escalations by type and level, SLA attainment over time by
// target and by priority, time to escalate and to resolve (median, p90), the top root
// causes and CSAT; CSV downloads of the KPIs, the series and the tickets. The filter lives
// in the address. The totals and tables show as soon as the KPIs arrive; the charts when
// the series does (the chart library loads meanwhile).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Policy } from '../lib/api';
import { serverClock } from '../lib/clock';
import { navigate } from '../lib/router';
import {
  attainmentByPriority, attainmentByTarget, checkFilter, durationWords, escalationRate, escalationsByLevel,
  escalationsByType, filterFromSearch, reportQuery, targetLabel, targets, type Kpis, type ReportFilter, type Series,
} from '../lib/reports';
import { hasProblems, type Problems } from '../lib/validation';
import { LineChart, loadChartLibrary } from '../components/LineChart';

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new ApiError(response.status, 'error', body?.error?.message ?? `HTTP ${response.status}`);
  return body as T;
}

export function Reports({ policy, search }: { policy: Policy | null; search: string }) {
  const filter = filterFromSearch(search, serverClock.now());
  const [draft, setDraft] = useState<ReportFilter>(filter);
  const [problems, setProblems] = useState<Problems>({});
  const [kpis, setKpis] = useState<Kpis | null>(null);
  const [series, setSeries] = useState<Series | null>(null);
  const [error, setError] = useState('');
  const query = reportQuery(filter);

  useEffect(() => {
    setDraft(filter);
    setKpis(null);
    setSeries(null);
    setError('');
    let current = true;
    const failed = (e: unknown) => { if (current) setError(e instanceof Error ? e.message : String(e)); };
    void loadChartLibrary().catch(() => undefined);
    getJson<Kpis>(`/api/v1/reports/kpis?${query}`).then((k) => { if (current) setKpis(k); }, failed);
    getJson<Series>(`/api/v1/reports/series?${reportQuery(filter, { interval: filter.interval })}`).then((s) => { if (current) setSeries(s); }, failed);
    return () => { current = false; };
  }, [query, filter.interval]);

  const apply = (e: Event) => {
    e.preventDefault();
    const found = checkFilter(draft);
    setProblems(found);
    if (hasProblems(found)) return;
    const params = new URLSearchParams({ from: draft.from, to: draft.to, interval: draft.interval });
    if (draft.team) params.set('team', draft.team);
    navigate(`/reports?${params.toString()}`, { replace: true });
  };

  const k = kpis;
  return (
    <section class="reports" aria-labelledby="reports-title">
      <h1 id="reports-title">Reports</h1>
      <form class="filters report-filters" onSubmit={apply} noValidate>
        <label><span>From</span>
          <input type="date" value={draft.from} aria-invalid={problems.from ? 'true' : undefined} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </label>
        <label><span>To</span>
          <input type="date" value={draft.to} aria-invalid={problems.to ? 'true' : undefined} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </label>
        <label><span>Team</span>
          <select value={draft.team} onChange={(e) => setDraft({ ...draft, team: e.currentTarget.value })}>
            <option value="">All teams</option>
            {(policy?.teams ?? []).map((t) => <option value={t.id} key={t.id}>{t.name}</option>)}
          </select>
        </label>
        <label><span>Per</span>
          <select value={draft.interval} onChange={(e) => setDraft({ ...draft, interval: e.currentTarget.value as ReportFilter['interval'] })}>
            <option value="day">Day</option><option value="week">Week</option><option value="month">Month</option>
          </select>
        </label>
        <button type="submit">Show</button>
        {problems.from || problems.to ? <p class="problem" role="alert">{problems.from ?? problems.to}</p> : null}
      </form>
      <p class="downloads">
        Download CSV:{' '}
        <a href={`/api/v1/reports/kpis?${reportQuery(filter, { format: 'csv' })}`} download>KPIs</a>{' · '}
        <a href={`/api/v1/reports/series?${reportQuery(filter, { interval: filter.interval, format: 'csv' })}`} download>Series</a>{' · '}
        <a href={`/api/v1/reports/tickets?${reportQuery(filter, { format: 'csv' })}`} download>Tickets</a>
      </p>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {!k ? (error ? null : <p aria-busy="true">Loading…</p>) : (
        <>
          <div class="kpi-tiles" aria-label="Totals">
            <Tile label="Tickets" value={String(k.tickets)} />
            <Tile label="Escalation rate" value={k.escalations.rate === null ? '—' : `${Math.round(k.escalations.rate * 1000) / 10}%`} />
            <Tile label="Time to escalate" value={k.time_to_escalate.count ? `${durationWords(k.time_to_escalate.median_seconds)} median, ${durationWords(k.time_to_escalate.p90_seconds)} p90` : '—'} />
            <Tile label="Time to resolve" value={k.time_to_resolve.count ? `${durationWords(k.time_to_resolve.median_seconds)} median, ${durationWords(k.time_to_resolve.p90_seconds)} p90` : '—'} />
            <Tile label="CSAT" value={k.csat.average === null ? 'no ratings' : `${k.csat.average.toFixed(2)} / 5 (${k.csat.responses})`} />
            <Tile label="Breached tickets" value={String(k.breaches.tickets)} />
          </div>
          {series ? (
            <div class="chart-grid">
              <LineChart title="Escalation rate over time" data={escalationRate(series)} unit="%" />
              <LineChart title="Escalations by type" data={escalationsByType(series)} />
              <LineChart title="Escalations by receiving level" data={escalationsByLevel(series)} />
              <LineChart title="SLA attainment by target" data={attainmentByTarget(series)} unit="%" />
            </div>
          ) : error ? null : <p class="chart-grid" aria-busy="true">Loading the charts…</p>}
          <div class="report-tables">
            <section class="panel" aria-labelledby="sla-priority-title">
              <h2 id="sla-priority-title">SLA attainment by priority</h2>
              <table class="data">
                <thead><tr><th scope="col">Priority</th>{targets.map((t) => <th scope="col" key={t}>{targetLabel[t]}</th>)}</tr></thead>
                <tbody>
                  {attainmentByPriority(k, policy?.priorities ?? []).map((row) => (
                    <tr key={row.priority}><th scope="row">{row.priority}</th>{row.cells.map((c) => <td key={c.target}>{c.text}</td>)}</tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section class="panel" aria-labelledby="root-title">
              <h2 id="root-title">Top root causes</h2>
              {k.root_causes.length === 0 ? <p>None recorded.</p> : (
                <ol class="root-causes">{k.root_causes.map((r) => <li key={r.category}>{r.category.replace(/_/g, ' ')}: {r.tickets}</li>)}</ol>
              )}
            </section>
            <section class="panel" aria-labelledby="csat-title">
              <h2 id="csat-title">CSAT ratings</h2>
              <dl class="facts">
                {['5', '4', '3', '2', '1'].map((r) => [<dt key={`${r}t`}>{r} ★</dt>, <dd key={`${r}d`}>{k.csat.ratings[r] ?? 0}</dd>])}
              </dl>
            </section>
          </div>
        </>
      )}
    </section>
  );
}

function Tile({ label, value }: { label: string; value: string }) {
  return <div class="tile"><span class="tile-label">{label}</span><span class="tile-value">{value}</span></div>;
}
