// The actions on a ticket, each a small form checked before it is sent (validation.ts):
// reply or internal note, status change, assign, escalate (a dialog with the policy's
// preview, EscalateDialog.tsx), de-escalate, acknowledge, resolve with root cause, sign off,
// merge (TicketMoreActions.tsx). Status and assignment send the version shown, so a stale page
// gets a 409 instead of overwriting someone else's change.
import { useState } from 'preact/hooks';
import { api, type Me, type Policy, type Ticket } from '../lib/api';
import { statusWord } from '../lib/format';
import { EscalateAction } from './EscalateDialog';
import { DeescalateForm, MergeForm, SignoffForm } from './TicketMoreActions';
import {
  checkMessage, checkResolution, hasProblems, type Problems,
} from '../lib/validation';

type Act = (what: string, change: () => Promise<unknown>) => Promise<boolean>;

const statuses = ['open', 'waiting_on_customer', 'waiting_on_third_party', 'closed', 'reopened'];
const rootCauses = ['configuration', 'defect', 'capacity', 'third_party', 'user_error', 'documentation'];

export function Actions({ ticket: t, me, policy, act }: { ticket: Ticket; me: Me; policy: Policy | null; act: Act }) {
  const resolved = t.status === 'resolved' || t.status === 'closed';
  return (
    <section class="panel actions" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <ReplyForm ticket={t} act={act} />
      <div class="action-grid">
        <StatusForm ticket={t} act={act} />
        <AssignForm ticket={t} me={me} policy={policy} act={act} />
        {!resolved ? <EscalateAction ticket={t} policy={policy} act={act} /> : null}
        {!resolved ? <DeescalateForm ticket={t} policy={policy} act={act} /> : null}
        {!resolved ? <ResolveForm ticket={t} act={act} /> : null}
        <SignoffForm ticket={t} me={me} act={act} />
        <div class="action">
          <h3>Acknowledge</h3>
          <p class="muted">{t.acknowledged_at ? 'The escalation was taken up.' : 'Take up the escalation for your team (repeats stop).'}</p>
          <button type="button" class="secondary" onClick={() => void act('Acknowledge', () => api.acknowledge(t.id))}>Acknowledge</button>
        </div>
        {t.status !== 'merged' && t.status !== 'closed' ? <MergeForm ticket={t} act={act} /> : null}
      </div>
    </section>
  );
}

function Problem({ id, text }: { id: string; text: string | undefined }) {
  return text ? <p id={id} class="problem">{text}</p> : null;
}

function ReplyForm({ ticket: t, act }: { ticket: Ticket; act: Act }) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkMessage(body);
    setProblems(found);
    if (hasProblems(found)) return;
    if (await act(internal ? 'Internal note' : 'Reply', () => api.addMessage(t.id, body, internal))) setBody('');
  };
  return (
    <form class="reply" onSubmit={(e) => void submit(e)} noValidate>
      <label for="reply-body">{internal ? 'Internal note (staff only)' : 'Reply to the customer'}</label>
      <textarea id="reply-body" rows={4} value={body} class={internal ? 'internal' : ''}
        aria-invalid={problems.body ? 'true' : undefined} aria-describedby={problems.body ? 'reply-problem' : undefined}
        onInput={(e) => setBody(e.currentTarget.value)} />
      <Problem id="reply-problem" text={problems.body} />
      <div class="row">
        <label class="check">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} /> Internal note
        </label>
        <button type="submit">{internal ? 'Add note' : 'Send reply'}</button>
      </div>
    </form>
  );
}

function StatusForm({ ticket: t, act }: { ticket: Ticket; act: Act }) {
  const [status, setStatus] = useState('');
  return (
    <form class="action" onSubmit={(e) => { e.preventDefault(); if (status) void act('Status change', () => api.changeStatus(t.id, status, t.version)); }}>
      <h3>Status</h3>
      <label for="status-select">New status</label>
      <select id="status-select" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
        <option value="">Choose…</option>
        {statuses.filter((s) => s !== t.status).map((s) => <option value={s} key={s}>{statusWord(s)}</option>)}
      </select>
      <p class="muted">Waiting statuses pause the clocks the SLA policy names.</p>
      <button type="submit" class="secondary" disabled={!status}>Change status</button>
    </form>
  );
}

function AssignForm({ ticket: t, me, policy, act }: { ticket: Ticket; me: Me; policy: Policy | null; act: Act }) {
  const team = policy?.teams.find((x) => x.id === t.team);
  const people = Array.from(new Set([me.username, ...(team?.members ?? [])]));
  const [assignee, setAssignee] = useState('');
  return (
    <form class="action" onSubmit={(e) => { e.preventDefault(); if (assignee) void act('Assignment', () => api.assign(t.id, assignee, t.version)); }}>
      <h3>Assign</h3>
      <label for="assignee-select">Assignee</label>
      <select id="assignee-select" value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
        <option value="">Choose…</option>
        {people.map((p) => <option value={p} key={p}>{p === me.username ? `${p} (me)` : p}</option>)}
      </select>
      <button type="submit" class="secondary" disabled={!assignee}>Assign</button>
    </form>
  );
}

function ResolveForm({ ticket: t, act }: { ticket: Ticket; act: Act }) {
  const [category, setCategory] = useState('');
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkResolution(category, text);
    setProblems(found);
    if (hasProblems(found)) return;
    await act('Resolution', () => api.resolve(t.id, category.trim(), text.trim()));
  };
  return (
    <form class="action" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Resolve</h3>
      <label for="rc-category">Root-cause category</label>
      <input id="rc-category" list="rc-categories" value={category}
        aria-invalid={problems.category ? 'true' : undefined} aria-describedby={problems.category ? 'rc-category-problem' : undefined}
        onInput={(e) => setCategory(e.currentTarget.value)} />
      <datalist id="rc-categories">{rootCauses.map((c) => <option value={c} key={c} />)}</datalist>
      <Problem id="rc-category-problem" text={problems.category} />
      <label for="rc-text">Root cause</label>
      <textarea id="rc-text" rows={2} value={text}
        aria-invalid={problems.text ? 'true' : undefined} aria-describedby={problems.text ? 'rc-text-problem' : undefined}
        onInput={(e) => setText(e.currentTarget.value)} />
      <Problem id="rc-text-problem" text={problems.text} />
      <button type="submit" class="secondary">Resolve</button>
    </form>
  );
}
