// The customer portal's logic apart from its UI: a ticket's status in plain words for the
// customer (no internal vocabulary), what a customer may do with a ticket now (reply, ask
// for an escalation, rate it), and the checks of the portal's forms.
import type { Problems } from './validation';

const customerWords: Record<string, string> = {
  new: 'Received: we will look at it shortly',
  open: 'We are working on it',
  reopened: 'Reopened: we are working on it again',
  waiting_on_customer: 'Waiting for your reply',
  waiting_on_third_party: 'Waiting for a third party',
  resolved: 'Resolved',
  closed: 'Closed',
  merged: 'Merged into another request',
};

/** The status in plain words; a resolution that management has still to sign off says so. */
export function customerStatus(status: string, awaitingSignoff = false): string {
  if (status === 'resolved' && awaitingSignoff) return 'Resolved: awaiting final approval';
  return customerWords[status] ?? 'In progress';
}

export interface PortalTicket {
  status: string;
  escalation_requested: boolean;
  feedback?: unknown;
  awaiting_signoff?: boolean;
}

const finished = new Set(['resolved', 'closed', 'merged']);

export function portalActions(t: PortalTicket): { reply: boolean; askEscalation: boolean; rate: boolean } {
  const done = finished.has(t.status);
  return {
    reply: t.status !== 'merged' && t.status !== 'closed',
    askEscalation: !done && !t.escalation_requested,
    // Feedback opens once the resolution stands (the service refuses it while management's
    // sign-off is pending: a rejection reopens the case).
    rate: (t.status === 'resolved' || t.status === 'closed') && !t.awaiting_signoff && (t.feedback === null || t.feedback === undefined),
  };
}

export function checkNewRequest(r: { subject: string; description: string; category: string; impact: string }): Problems {
  const problems: Problems = {};
  if (!r.subject.trim()) problems.subject = 'Give your request a short title.';
  else if (r.subject.trim().length > 200) problems.subject = 'The title has 200 characters at most.';
  if (!r.description.trim()) problems.description = 'Describe what happens and what you expected.';
  if (!r.category) problems.category = 'Choose what it is about.';
  if (!r.impact) problems.impact = 'Choose how much it affects you.';
  return problems;
}

export function checkEscalationRequest(reason: string): Problems {
  return reason.trim().length < 3 ? { reason: 'Tell us why it needs more attention.' } : {};
}

export function checkRating(rating: number): Problems {
  return Number.isInteger(rating) && rating >= 1 && rating <= 5 ? {} : { rating: 'Choose from 1 to 5 stars.' };
}

/** The customer's own rating, once given: "You rated it 4 of 5 stars." (null before). */
export function ratingWords(feedback: unknown): string | null {
  const rating = (feedback as { rating?: unknown } | null | undefined)?.rating;
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) return null;
  return `You rated it ${rating} of 5 stars.`;
}
