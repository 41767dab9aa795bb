// The policy: the escalation flowchart per category (the SVG the service draws with
// Graphviz, shown as an image so nothing in it runs) and the SLA targets table, for all
// staff. Admins also get the candidate editor (paste or upload): check it (each problem
// with its line and column; clicking one puts the cursor there), simulate it over recent
// history beside the running policy, and apply it after a confirmation.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Me, type Policy, type PolicyCheck, type PolicySimulation } from '../lib/api';
import { serverClock } from '../lib/clock';
import {
  compareSimulation, offsetOf, problemText, sortProblems, targetCell, whenWords, type PolicyProblem, type SlaRule,
} from '../lib/policy';
import { defaultFilter, targetLabel, targets } from '../lib/reports';

export function PolicyPage({ me, policy }: { me: Me; policy: Policy | null }) {
  const [category, setCategory] = useState(policy?.categories[0]?.id ?? '');
  const [sla, setSla] = useState<SlaRule[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.policySla().then((r) => setSla(r.items), (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  const graph = `/api/v1/policy/graph?${new URLSearchParams(category ? { category, format: 'svg' } : { format: 'svg' }).toString()}`;
  const categoryName = policy?.categories.find((c) => c.id === category)?.name ?? (category || 'the whole policy');
  return (
    <section class="policy" aria-labelledby="policy-title">
      <h1 id="policy-title">Policy</h1>
      <p class="muted">Running version {policy?.version ?? 'unknown'}.</p>
      <section class="panel" aria-labelledby="flow-title">
        <h2 id="flow-title">Escalation flowchart</h2>
        <label for="flow-category">Category</label>
        <select id="flow-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
          {(policy?.categories ?? []).map((c) => <option value={c.id} key={c.id}>{c.name}</option>)}
          <option value="default">Default path</option>
          <option value="">The whole policy</option>
        </select>
        <div class="flowchart">
          <img src={graph} alt={`Escalation flowchart for ${categoryName}: levels, teams and the triggers that move a case between them`} />
        </div>
        <p><a href={graph} target="_blank" rel="noopener">Open the flowchart on its own</a></p>
      </section>
      <section class="panel" aria-labelledby="sla-table-title">
        <h2 id="sla-table-title">SLA targets</h2>
        <p class="muted">The first rule that matches a ticket applies.</p>
        {error ? <p class="error" role="alert">{error}</p> : !sla ? <p aria-busy="true">Loading…</p> : (
          <div class="table-scroll">
            <table class="data sla-table">
              <thead><tr><th scope="col">Rule</th><th scope="col">Applies to</th>{targets.map((t) => <th scope="col" key={t}>{targetLabel[t]}</th>)}<th scope="col">Paused while</th></tr></thead>
              <tbody>
                {sla.map((rule) => (
                  <tr key={rule.name}>
                    <th scope="row">{rule.name}</th>
                    <td>{whenWords(rule)}</td>
                    {targets.map((t) => <td key={t}>{targetCell(rule.targets[t] ?? null)}</td>)}
                    <td>{rule.pause_on.map((s) => s.replace(/_/g, ' ')).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {me.role === 'admin' ? <CandidateEditor running={policy?.version ?? ''} /> : null}
    </section>
  );
}

type Outcome =
  | { kind: 'check'; result: PolicyCheck }
  | { kind: 'simulate'; result: PolicySimulation }
  | { kind: 'applied'; version: string; previous: string }
  | { kind: 'error'; text: string; problems?: PolicyProblem[] };

function CandidateEditor({ running }: { running: string }) {
  const range = defaultFilter(serverClock.now());
  const [text, setText] = useState('');
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [confirming, setConfirming] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  // A native modal dialog: the page behind is inert (focus stays inside) and Escape closes it.
  const confirmDialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = confirmDialog.current;
    if (!d) return;
    if (confirming && !d.open) d.showModal();
    if (!confirming && d.open) d.close();
  }, [confirming]);

  const run = async (work: () => Promise<Outcome>) => {
    if (!text.trim()) {
      setOutcome({ kind: 'error', text: 'Paste or upload a policy first.' });
      return;
    }
    setBusy(true);
    setConfirming(false);
    try {
      setOutcome(await work());
    } catch (e) {
      const body = e instanceof ApiError ? (e.body as { problems?: PolicyProblem[] } | null) : null;
      setOutcome({ kind: 'error', text: e instanceof Error ? e.message : String(e), ...(body?.problems ? { problems: body.problems } : {}) });
    } finally {
      setBusy(false);
    }
  };

  const upload = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (file) setText(await file.text());
  };

  const goTo = (p: PolicyProblem) => {
    const area = editor.current;
    if (!area) return;
    const at = offsetOf(text, p.line, p.column);
    area.focus();
    area.setSelectionRange(at, at);
  };

  const problems = outcome?.kind === 'check' ? outcome.result.problems
    : outcome?.kind === 'simulate' ? outcome.result.problems
    : outcome?.kind === 'error' ? outcome.problems : undefined;

  return (
    <section class="panel candidate" aria-labelledby="candidate-title">
      <h2 id="candidate-title">Change the policy (admins)</h2>
      <label for="candidate-text">Candidate policy (YAML)</label>
      <textarea id="candidate-text" ref={editor} rows={14} spellcheck={false} class="code" value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <label for="candidate-file">Or upload a policy file</label>
      <input id="candidate-file" type="file" accept=".yaml,.yml,text/yaml,application/yaml" onChange={(e) => void upload(e)} />
      <div class="candidate-actions">
        <button type="button" disabled={busy} onClick={() => void run(async () => ({ kind: 'check', result: await api.checkPolicy(text) }))}>Check</button>
        <label><span>Simulate from</span><input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} /></label>
        <label><span>to</span><input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} /></label>
        <button type="button" class="secondary" disabled={busy} onClick={() => void run(async () => ({ kind: 'simulate', result: await api.simulatePolicy(text, from, to) }))}>Simulate</button>
        <button type="button" class="warn" disabled={busy} onClick={() => { setOutcome(null); setConfirming(true); }}>Apply…</button>
      </div>
      <dialog ref={confirmDialog} class="dialog confirm-dialog" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text"
        onClose={() => setConfirming(false)}>
        <div class="dialog-form">
          <h3 id="confirm-title">Apply this policy?</h3>
          <p id="confirm-text">It replaces the running policy (version {running}) for everyone at once; the old file is kept beside it. It is checked again first.</p>
          <div class="row">
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>Cancel</button>
            <button type="button" class="warn" onClick={() => void run(async () => {
              const r = await api.applyPolicy(text);
              return { kind: 'applied', version: r.version, previous: r.previous_version };
            })}>Yes, apply it</button>
          </div>
        </div>
      </dialog>
      <div aria-live="polite" class="outcome">
        {busy ? <p aria-busy="true">Working…</p> : null}
        {outcome?.kind === 'check' && outcome.result.ok ? (
          <p class="notice ok">The policy is valid (version {outcome.result.version}){outcome.result.same_as_running ? ', the same as the running one' : ''}.</p>
        ) : null}
        {outcome?.kind === 'applied' ? <p class="notice ok">Applied: version {outcome.version} runs now (was {outcome.previous}). Reload the page to see it everywhere.</p> : null}
        {outcome?.kind === 'error' ? <p class="notice error" role="alert">{outcome.text}</p> : null}
        {problems && problems.length > 0 ? (
          <div class="problems" role="alert">
            <h3>{problems.length} problem{problems.length === 1 ? '' : 's'} found</h3>
            <ul>
              {sortProblems(problems).map((p) => (
                <li key={`${p.line}:${p.column}:${p.message}`} data-line={p.line} data-column={p.column}>
                  <button type="button" class="link" onClick={() => goTo(p)}>{problemText(p, problems[0]?.file ?? '')}</button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {outcome?.kind === 'simulate' && outcome.result.ok && outcome.result.running && outcome.result.candidate ? (
          <SimulationTable result={outcome.result} />
        ) : null}
        {outcome?.kind === 'simulate' && !outcome.result.ok && outcome.result.errors ? (
          <div class="problems" role="alert">
            <h3>{outcome.result.error_count ?? outcome.result.errors.length} ticket(s) cannot be replayed</h3>
            <ul>{outcome.result.errors.map((e) => <li key={e}>{e}</li>)}</ul>
          </div>
        ) : null}
      </div>
    </section>
  );
}

function SimulationTable({ result }: { result: PolicySimulation }) {
  const rows = compareSimulation(result.running ?? {}, result.candidate ?? {});
  return (
    <div class="table-scroll">
      <table class="data simulation">
        <caption>{result.tickets} tickets replayed{result.truncated ? ' (the earliest 50,000)' : ''}, running policy beside the candidate</caption>
        <thead><tr><th scope="col">Figure</th><th scope="col">Running</th><th scope="col">Candidate</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} class={r.changed ? 'changed' : ''}>
              <th scope="row">{r.label}</th><td>{r.running}</td><td>{r.candidate}{r.changed ? <span class="visually-hidden"> (changed)</span> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
