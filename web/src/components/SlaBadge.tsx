// The SLA countdown: coloured by state, with the state in words too (colour is never the
// only signal) and the due instant on hover and for screen readers.
import { countdown, stateLabel, type SlaSnapshot } from '../lib/sla';
import { when } from '../lib/format';

export function SlaBadge({ sla, now }: { sla: SlaSnapshot | undefined; now: number }) {
  const c = countdown(sla, now);
  const due = sla?.next_deadline ? `due ${when(sla.next_deadline)}` : '';
  return (
    <span class={`sla sla-${c.state}`} data-sla-state={c.state} title={due}>
      <span class="sla-state">{stateLabel[c.state]}</span>
      {c.remaining !== null ? <span class="sla-time">{c.label}</span> : null}
      {due ? <span class="visually-hidden">, {due}</span> : null}
    </span>
  );
}
