// The escalate dialog: choose where the case goes (next level, a level, a team), see at once
// what GET /tickets/{id}/escalation-preview says (who receives it, whether your authority
// allows it, what a limit would do), then give the reason and confirm. A native <dialog>
// (showModal) keeps focus inside and closes on Escape. The preview is asked again for each
// choice; an answer for an older choice is dropped.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type EscalationPreview, type Policy, type Ticket } from '../lib/api';
import { describePreview, destinations } from '../lib/escalation';
import { checkEscalation, hasProblems, type Problems } from '../lib/validation';

type Act = (what: string, change: () => Promise<unknown>) => Promise<boolean>;

export function EscalateAction({ ticket: t, policy, act }: { ticket: Ticket; policy: Policy | null; act: Act }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const show = () => {
    setOpen(true);
    dialog.current?.showModal();
  };
  const close = () => {
    dialog.current?.close();
    setOpen(false);
  };
  return (
    <div class="action">
      <h3>Escalate</h3>
      <p class="muted">See who receives it and whether the policy allows it before you confirm.</p>
      <button type="button" class="warn" onClick={show}>Escalate…</button>
      <dialog ref={dialog} class="dialog" aria-labelledby="escalate-title" onClose={() => setOpen(false)}>
        {open ? <EscalateForm ticket={t} policy={policy} act={act} close={close} /> : null}
      </dialog>
    </div>
  );
}

function EscalateForm({ ticket: t, policy, act, close }: { ticket: Ticket; policy: Policy | null; act: Act; close: () => void }) {
  const options = destinations(policy, t);
  const [to, setTo] = useState('next_level');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [preview, setPreview] = useState<{ to: string; data: EscalationPreview | null; error: string } | null>(null);
  const asked = useRef('');

  useEffect(() => {
    asked.current = to;
    setPreview(null);
    api.preview(t.id, to).then(
      (data) => { if (asked.current === to) setPreview({ to, data, error: '' }); },
      (e: unknown) => { if (asked.current === to) setPreview({ to, data: null, error: e instanceof Error ? e.message : String(e) }); },
    );
  }, [to, t.id, t.version]);

  const view = preview?.data ? describePreview(preview.data, policy) : null;
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkEscalation(to, reason);
    if (!hasProblems(found) && !view) found.to = 'Wait for the preview: the policy has not answered yet.';
    setProblems(found);
    if (hasProblems(found) || !view?.canConfirm) return;
    if (await act('Escalation', () => api.escalate(t.id, to, reason.trim()))) close();
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate class="dialog-form">
      <h2 id="escalate-title">Escalate {t.key}</h2>
      <label for="escalate-to">Escalate to</label>
      <select id="escalate-to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
        {options.map((o) => <option value={o.value} key={o.value}>{o.label}</option>)}
      </select>
      {problems.to ? <p class="problem">{problems.to}</p> : null}
      <section class="preview" aria-labelledby="preview-title" aria-live="polite" aria-busy={preview === null}>
        <h3 id="preview-title">Before you confirm</h3>
        {preview === null ? <p>Asking the policy…</p> : preview.error ? (
          <p class="error">The preview failed: {preview.error}</p>
        ) : view ? (
          <>
            <p class={view.canConfirm ? 'verdict allowed' : 'verdict refused'} data-allowed={String(view.canConfirm)}>{view.verdict}</p>
            {view.receivers.length > 0 ? (
              <dl class="facts receivers">
                <dt>Goes to</dt><dd>{view.destination}</dd>
                {view.receivers.map((r) => [<dt key={`${r.label}-t`}>{r.label}</dt>, <dd key={`${r.label}-d`}>{r.value}</dd>])}
              </dl>
            ) : null}
            {view.limit ? <p class="limit-note" data-limit={preview.data?.limit?.effect}>{view.limit}</p> : null}
          </>
        ) : null}
      </section>
      <label for="escalate-reason">Reason (required)</label>
      <textarea id="escalate-reason" rows={3} value={reason}
        aria-invalid={problems.reason ? 'true' : undefined} aria-describedby={problems.reason ? 'escalate-reason-problem' : undefined}
        onInput={(e) => setReason(e.currentTarget.value)} />
      {problems.reason ? <p id="escalate-reason-problem" class="problem">{problems.reason}</p> : null}
      <div class="row">
        <button type="button" class="secondary" onClick={close}>Cancel</button>
        <button type="submit" class="warn" disabled={view !== null && !view.canConfirm}>Confirm escalation</button>
      </div>
    </form>
  );
}
