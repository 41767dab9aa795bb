// Words and dates for people: ticket statuses in plain words, instants in the reader's
// time zone (with the zone shown), roles.

const statusWords: Record<string, string> = {
  new: 'New',
  open: 'Open',
  waiting_on_customer: 'Waiting on customer',
  waiting_on_third_party: 'Waiting on third party',
  resolved: 'Resolved',
  closed: 'Closed',
  reopened: 'Reopened',
  merged: 'Merged',
};

export function statusWord(status: string): string {
  return statusWords[status] ?? status.replace(/_/g, ' ');
}

export function roleWord(role: string): string {
  return role.replace(/_/g, ' ');
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

export function when(instant: string | null | undefined): string {
  if (!instant) return '—';
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : dateTime.format(ms);
}

export function eventWords(kind: string): string {
  return kind.replace(/_/g, ' ');
}
