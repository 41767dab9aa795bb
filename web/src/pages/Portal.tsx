// The customer portal: the organisation's requests with their status in plain words, one
// request's public conversation (the service never sends internal notes or the audit trail
// to customers), reply, open a new request, ask for an escalation with a reason (the
// policy decides whether it is granted or goes to a supervisor), and rate a resolved one.
// Live: events for the organisation's tickets reload the open page.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Message, type Policy, type Ticket } from '../lib/api';
import { live } from '../lib/live';
import { debounce } from '../lib/dashboard';
import { when } from '../lib/format';
import { linkClick, navigate } from '../lib/router';
import { checkFile, mayAddFiles } from '../lib/attachments';
import { Attachments } from '../components/Attachments';
import { checkEscalationRequest, checkNewRequest, checkRating, customerStatus, portalActions, ratingWords } from '../lib/portal';
import { checkMessage, hasProblems, type Problems } from '../lib/validation';

export function Portal({ path, policy }: { path: string; policy: Policy | null }) {
  const ticket = /^\/tickets\/([^/]+)$/.exec(path)?.[1];
  if (ticket) return <PortalTicketPage key={ticket} id={decodeURIComponent(ticket)} />;
  if (path === '/new') return <NewRequest policy={policy} />;
  return <MyRequests />;
}

function MyRequests() {
  const [tickets, setTickets] = useState<Ticket[] | null>(null);
  const [error, setError] = useState('');
  const load = () => api.tickets(new URLSearchParams({ sort: 'updated', limit: '100' })).then(
    (r) => { setTickets(r.items); setError(''); },
    (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
  );
  useEffect(() => {
    void load();
    const reload = debounce(() => void load(), 400);
    const off = live.subscribe(() => reload.call());
    return () => {
      off();
      reload.cancel();
    };
  }, []);
  return (
    <section class="portal" aria-labelledby="portal-title">
      <div class="queue-head">
        <h1 id="portal-title">Your requests</h1>
        <a class="button" href="/new" onClick={(e) => linkClick(e, '/new')}>Open a new request</a>
      </div>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {tickets === null ? <p aria-busy="true">Loading…</p> : tickets.length === 0 ? <p>You have no requests yet.</p> : (
        <ul class="tickets" aria-label="Your requests">
          {tickets.map((t) => (
            <li key={t.id} class="ticket-row" data-ticket={t.key}>
              <a href={`/tickets/${t.key}`} onClick={(e) => linkClick(e, `/tickets/${t.key}`)}>
                <span class="key">{t.key}</span><span class="subject">{t.subject}</span>
              </a>
              <div class="meta"><span class="status" data-status={t.status}>{customerStatus(t.status, t.awaiting_signoff)}</span><span class="muted">updated {when(t.updated_at)}</span></div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NewRequest({ policy }: { policy: Policy | null }) {
  const [form, setForm] = useState({ subject: '', description: '', category: '', impact: '' });
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState('');
  const impacts = (policy as (Policy & { impacts?: string[] }) | null)?.impacts ?? ['high', 'medium', 'low'];
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = { ...checkNewRequest(form), ...checkFile(file) };
    setProblems(found);
    if (hasProblems(found)) return;
    try {
      const t = await api.openRequest({ ...form, subject: form.subject.trim(), description: form.description.trim(), urgency: form.impact });
      if (file) {
        try {
          await api.uploadAttachment(t.id, file);
        } catch (err) {
          // The request is open: say so, and where to try the file again.
          setError(`Your request ${t.key} is open, but the file could not be attached (${err instanceof Error ? err.message : String(err)}). Open ${t.key} from your requests to add it again.`);
          return;
        }
      }
      navigate(`/tickets/${t.key}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The request could not be sent.');
    }
  };
  const problem = (key: string) => (problems[key] ? <p class="problem" id={`new-${key}-problem`}>{problems[key]}</p> : null);
  return (
    <section class="panel narrow-wide" aria-labelledby="new-title">
      <h1 id="new-title">Open a new request</h1>
      <form class="portal-form" onSubmit={(e) => void submit(e)} noValidate>
        <label for="new-subject">Title</label>
        <input id="new-subject" value={form.subject} aria-invalid={problems.subject ? 'true' : undefined} onInput={(e) => setForm({ ...form, subject: e.currentTarget.value })} />
        {problem('subject')}
        <label for="new-category">What is it about?</label>
        <select id="new-category" value={form.category} aria-invalid={problems.category ? 'true' : undefined} onChange={(e) => setForm({ ...form, category: e.currentTarget.value })}>
          <option value="">Choose…</option>
          {(policy?.categories ?? []).map((c) => <option value={c.id} key={c.id}>{c.name}</option>)}
        </select>
        {problem('category')}
        <label for="new-impact">How much does it affect you?</label>
        <select id="new-impact" value={form.impact} aria-invalid={problems.impact ? 'true' : undefined} onChange={(e) => setForm({ ...form, impact: e.currentTarget.value })}>
          <option value="">Choose…</option>
          {impacts.map((i) => <option value={i} key={i}>{i === 'high' ? 'A lot: we cannot work' : i === 'medium' ? 'Somewhat: a part does not work' : i === 'low' ? 'A little: an annoyance' : i}</option>)}
        </select>
        {problem('impact')}
        <label for="new-description">Description</label>
        <textarea id="new-description" rows={6} value={form.description} aria-invalid={problems.description ? 'true' : undefined} onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />
        {problem('description')}
        <label for="new-file">Attachment (optional, up to 25 MB)</label>
        <input id="new-file" type="file" aria-invalid={problems.file ? 'true' : undefined} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        {problem('file')}
        {error ? <p class="error" role="alert">{error}</p> : null}
        <button type="submit">Send request</button>
      </form>
    </section>
  );
}

function PortalTicketPage({ id }: { id: string }) {
  const [data, setData] = useState<{ ticket: Ticket; messages: Message[] } | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const load = async () => {
    try {
      const [ticket, messages] = await Promise.all([api.ticket(id), api.messages(id)]);
      setData({ ticket, messages: messages.items.filter((m) => !m.internal) });
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 404 || e.status === 403) ? `There is no request ${id} you may see.` : e instanceof Error ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load();
    return live.subscribe((event) => { if (event === 'resync' || event.key === id) void load(); });
  }, [id]);
  const act = async (what: string, change: () => Promise<unknown>): Promise<boolean> => {
    try {
      await change();
      setNotice({ ok: true, text: `${what}: sent.` });
      await load();
      return true;
    } catch (e) {
      setNotice({ ok: false, text: `${what} failed: ${e instanceof Error ? e.message : String(e)}` });
      return false;
    }
  };
  if (error && !data) {
    return (
      <section class="panel narrow">
        <h1>Request not available</h1>
        <p class="error" role="alert">{error}</p>
        <p><a href="/" onClick={(e) => linkClick(e, '/')}>Back to your requests</a></p>
      </section>
    );
  }
  if (!data) return <p aria-busy="true">Loading…</p>;
  const { ticket: t, messages } = data;
  const can = portalActions(t);
  return (
    <article class="portal-ticket" aria-labelledby="pt-title">
      <p class="crumbs"><a href="/" onClick={(e) => linkClick(e, '/')}>Your requests</a> / {t.key}</p>
      <h1 id="pt-title"><span class="key">{t.key}</span> {t.subject}</h1>
      <p class="status-words" data-status={t.status}><strong>{customerStatus(t.status, t.awaiting_signoff)}</strong>{t.escalation_requested ? ' · you asked for an escalation' : ''}</p>
      {notice ? <p class={`notice ${notice.ok ? 'ok' : 'error'}`} role={notice.ok ? 'status' : 'alert'}>{notice.text}</p> : null}
      <section class="panel" aria-labelledby="pt-conv">
        <h2 id="pt-conv">Conversation</h2>
        <p class="description">{t.description}</p>
        <ol class="conversation">
          {messages.map((m) => (
            <li key={m.id} class={m.from_customer ? 'message customer' : 'message staff'}>
              <div class="message-head"><strong>{m.from_customer ? 'You' : 'Support'}</strong><time dateTime={m.at}>{when(m.at)}</time></div>
              <p class="message-body">{m.body}</p>
            </li>
          ))}
        </ol>
        {can.reply ? <PortalReply onSend={(body) => act('Your reply', () => api.addMessage(t.id, body, false))} /> : null}
      </section>
      <Attachments ticket={t.id} canUpload={mayAddFiles(t)} />
      {can.askEscalation ? <AskEscalation onAsk={(reason) => act('Your escalation request', () => api.requestEscalation(t.id, reason))} /> : null}
      {can.rate ? <Rate onRate={(rating, comment) => act('Your rating', () => api.feedback(t.id, rating, comment))} /> : null}
      {ratingWords(t.feedback) ? (
        <section class="panel" aria-labelledby="pt-rated">
          <h2 id="pt-rated">Your feedback</h2>
          <p class="rated">{ratingWords(t.feedback)} Thank you.</p>
          {(t.feedback as { comment?: string } | null)?.comment ? <p class="muted">“{(t.feedback as { comment: string }).comment}”</p> : null}
        </section>
      ) : null}
    </article>
  );
}

function PortalReply({ onSend }: { onSend: (body: string) => Promise<boolean> }) {
  const [body, setBody] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  return (
    <form class="portal-form" noValidate onSubmit={(e) => {
      e.preventDefault();
      const found = checkMessage(body);
      setProblems(found);
      if (!hasProblems(found)) void onSend(body).then((ok) => ok && setBody(''));
    }}>
      <label for="pt-reply">Your reply</label>
      <textarea id="pt-reply" rows={4} value={body} aria-invalid={problems.body ? 'true' : undefined} onInput={(e) => setBody(e.currentTarget.value)} />
      {problems.body ? <p class="problem">{problems.body}</p> : null}
      <button type="submit">Send</button>
    </form>
  );
}

function AskEscalation({ onAsk }: { onAsk: (reason: string) => Promise<boolean> }) {
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  return (
    <section class="panel" aria-labelledby="pt-esc">
      <h2 id="pt-esc">Need more attention?</h2>
      <p class="muted">Ask for an escalation and tell us why. Depending on our policy it is granted at once or a supervisor decides.</p>
      <form class="portal-form" noValidate onSubmit={(e) => {
        e.preventDefault();
        const found = checkEscalationRequest(reason);
        setProblems(found);
        if (!hasProblems(found)) void onAsk(reason.trim());
      }}>
        <label for="pt-esc-reason">Why does it need escalating?</label>
        <textarea id="pt-esc-reason" rows={2} value={reason} aria-invalid={problems.reason ? 'true' : undefined} onInput={(e) => setReason(e.currentTarget.value)} />
        {problems.reason ? <p class="problem">{problems.reason}</p> : null}
        <button type="submit" class="secondary">Ask for an escalation</button>
      </form>
    </section>
  );
}

function Rate({ onRate }: { onRate: (rating: number, comment: string) => Promise<boolean> }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  return (
    <section class="panel" aria-labelledby="pt-rate">
      <h2 id="pt-rate">How did we do?</h2>
      <form class="portal-form" noValidate onSubmit={(e) => {
        e.preventDefault();
        const found = checkRating(rating);
        setProblems(found);
        if (!hasProblems(found)) void onRate(rating, comment.trim());
      }}>
        <fieldset class="stars">
          <legend>Your rating</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class="check"><input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} /> {n} {n === 1 ? 'star' : 'stars'}</label>
          ))}
        </fieldset>
        {problems.rating ? <p class="problem">{problems.rating}</p> : null}
        <label for="pt-comment">Comment (optional)</label>
        <textarea id="pt-comment" rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
        <button type="submit">Send rating</button>
      </form>
    </section>
  );
}
