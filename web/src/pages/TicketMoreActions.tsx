// The rarer ticket actions: de-escalate (to where it came from, or a level), sign-off
// (approve, or reject with a comment; offered only while a sign-off is pending and to the
// roles that may approve), links (a knowledge article or a related ticket) and merging a
// duplicate into another ticket. Each is a small form checked before it is sent.
import { useState } from 'preact/hooks';
import { api, type Me, type Policy, type Ticket, type TicketLink } from '../lib/api';
import {
  checkDeescalation, checkLink, checkMerge, checkSignoff, hasProblems, mayApprove, ticketNumber, type Problems,
} from '../lib/validation';
import { linkClick } from '../lib/router';

type Act = (what: string, change: () => Promise<unknown>) => Promise<boolean>;

function Problem({ id, text }: { id: string; text: string | undefined }) {
  return text ? <p id={id} class="problem">{text}</p> : null;
}

export function DeescalateForm({ ticket: t, policy, act }: { ticket: Ticket; policy: Policy | null; act: Act }) {
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const current = policy?.levels.find((l) => l.id === t.level);
  const lower = (policy?.levels ?? []).filter((l) => current && l.rank < current.rank).sort((a, b) => b.rank - a.rank);
  if (current && lower.length === 0) return null; // already at the first level
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkDeescalation(reason);
    setProblems(found);
    if (hasProblems(found)) return;
    if (await act('De-escalation', () => api.deescalate(t.id, to, reason.trim()))) setReason('');
  };
  return (
    <form class="action" onSubmit={(e) => void submit(e)} noValidate>
      <h3>De-escalate</h3>
      <label for="deescalate-to">Back to</label>
      <select id="deescalate-to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
        <option value="">Where it came from</option>
        {lower.map((l) => <option value={l.id} key={l.id}>{l.id}: {l.name}</option>)}
      </select>
      <label for="deescalate-reason">Reason</label>
      <textarea id="deescalate-reason" rows={2} value={reason} aria-invalid={problems.reason ? 'true' : undefined}
        aria-describedby={problems.reason ? 'deescalate-problem' : undefined} onInput={(e) => setReason(e.currentTarget.value)} />
      <Problem id="deescalate-problem" text={problems.reason} />
      <button type="submit" class="secondary">De-escalate</button>
    </form>
  );
}

export function SignoffForm({ ticket: t, me, act }: { ticket: Ticket; me: Me; act: Act }) {
  const [comment, setComment] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  if (!t.signoff?.required || t.signoff.state !== 'pending' || !mayApprove(me.role)) return null;
  const decide = async (decision: 'approve' | 'reject') => {
    const found = checkSignoff(decision, comment);
    setProblems(found);
    if (hasProblems(found)) return;
    await act(decision === 'approve' ? 'Sign-off' : 'Rejection', () => api.signoff(t.id, decision, comment.trim()));
  };
  return (
    <form class="action signoff" onSubmit={(e) => e.preventDefault()} noValidate>
      <h3>Sign-off</h3>
      <p class="muted">The resolution waits for a management sign-off. A rejection reopens the ticket.</p>
      <label for="signoff-comment">Comment (required to reject)</label>
      <textarea id="signoff-comment" rows={2} value={comment} aria-invalid={problems.comment ? 'true' : undefined}
        aria-describedby={problems.comment ? 'signoff-problem' : undefined} onInput={(e) => setComment(e.currentTarget.value)} />
      <Problem id="signoff-problem" text={problems.comment} />
      <div class="row">
        <button type="button" onClick={() => void decide('approve')}>Approve</button>
        <button type="button" class="warn" onClick={() => void decide('reject')}>Reject</button>
      </div>
    </form>
  );
}

export function LinksPanel({ ticket: t, links, act }: { ticket: Ticket; links: TicketLink[]; act: Act }) {
  const [kind, setKind] = useState<'knowledge' | 'related'>('knowledge');
  const [title, setTitle] = useState('');
  const [target, setTarget] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkLink(kind, title, target);
    setProblems(found);
    if (hasProblems(found)) return;
    const body = kind === 'knowledge'
      ? { kind, title: title.trim(), url: target.trim() }
      : { kind, ticket_id: ticketNumber(target) };
    if (await act('Link', () => api.addLink(t.id, body))) {
      setTitle('');
      setTarget('');
    }
  };
  return (
    <section class="panel" aria-labelledby="links-title">
      <h2 id="links-title">Links</h2>
      {links.length === 0 ? <p>None.</p> : (
        <ul class="links">
          {links.map((l) => (
            <li key={l.id} data-kind={l.kind}>
              {l.url ? <a href={l.url} rel="noopener noreferrer" target="_blank">{l.title ?? l.url}</a>
                : l.other_ticket !== null ? <a href={`/tickets/${l.other_ticket}`} onClick={(e) => linkClick(e, `/tickets/${l.other_ticket}`)}>{l.title ?? `#${l.other_ticket}`}</a>
                : l.title}
              <span class="muted"> {l.kind} · by {l.by}</span>
            </li>
          ))}
        </ul>
      )}
      <form class="link-form" onSubmit={(e) => void submit(e)} noValidate>
        <label for="link-kind">Link a</label>
        <select id="link-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as 'knowledge' | 'related')}>
          <option value="knowledge">Knowledge article</option>
          <option value="related">Related ticket</option>
        </select>
        {kind === 'knowledge' ? (
          <>
            <label for="link-title">Article title</label>
            <input id="link-title" value={title} aria-invalid={problems.title ? 'true' : undefined} onInput={(e) => setTitle(e.currentTarget.value)} />
            <Problem id="link-title-problem" text={problems.title} />
          </>
        ) : null}
        <label for="link-target">{kind === 'knowledge' ? 'Article address (https://…)' : 'Ticket key or number'}</label>
        <input id="link-target" value={target} aria-invalid={problems.target ? 'true' : undefined} onInput={(e) => setTarget(e.currentTarget.value)} />
        <Problem id="link-target-problem" text={problems.target} />
        <button type="submit" class="secondary">Add link</button>
      </form>
    </section>
  );
}

export function MergeForm({ ticket: t, act }: { ticket: Ticket; act: Act }) {
  const [into, setInto] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkMerge(into, t.key);
    setProblems(found);
    if (hasProblems(found)) return;
    if (!window.confirm(`Close ${t.key} as a duplicate of ${into.trim().toUpperCase()}?`)) return;
    // The service takes the ticket's number (a key is refused), which is the key's digits.
    await act('Merge', () => api.merge(t.id, ticketNumber(into)));
  };
  return (
    <form class="action" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Merge duplicate</h3>
      <label for="merge-into">Into ticket</label>
      <input id="merge-into" value={into} placeholder="ESC-12" aria-invalid={problems.into ? 'true' : undefined}
        aria-describedby={problems.into ? 'merge-problem' : undefined} onInput={(e) => setInto(e.currentTarget.value)} />
      <Problem id="merge-problem" text={problems.into} />
      <button type="submit" class="secondary">Merge</button>
    </form>
  );
}
