// Checks of the forms before they are sent, with messages for a person. The service
// checks again (and its word is final); these only save a round trip and say early what
// is missing.

export type Problems = Partial<Record<string, string>>;

export const MAX_MESSAGE = 65536;

export function checkSignIn(username: string, password: string): Problems {
  const problems: Problems = {};
  if (!username.trim()) problems.username = 'Enter your user name.';
  if (!password) problems.password = 'Enter your password.';
  return problems;
}

export function checkMessage(body: string): Problems {
  if (!body.trim()) return { body: 'Write something first.' };
  if (new TextEncoder().encode(body).length > MAX_MESSAGE) return { body: 'This message is too long (64 KiB at most).' };
  return {};
}

export function checkEscalation(to: string, reason: string): Problems {
  const problems: Problems = {};
  if (!to.trim()) problems.to = 'Choose where the case goes.';
  if (reason.trim().length < 3) problems.reason = 'Say why it needs escalating (a reason is required).';
  return problems;
}

export function checkResolution(category: string, text: string): Problems {
  const problems: Problems = {};
  if (!category.trim()) problems.category = 'Choose a root-cause category.';
  if (!text.trim()) problems.text = 'Describe the root cause.';
  return problems;
}

export function checkDeescalation(reason: string): Problems {
  return reason.trim().length < 3 ? { reason: 'Say why it goes back down (a reason is required).' } : {};
}

/** Approving needs nothing more; rejecting needs a comment (the service requires one). */
export function checkSignoff(decision: 'approve' | 'reject', comment: string): Problems {
  return decision === 'reject' && !comment.trim() ? { comment: 'Say why you reject the resolution.' } : {};
}

/** Agents never sign off; the other staff roles may (the policy's may_approve decides in the end). */
export function mayApprove(role: string): boolean {
  return ['supervisor', 'escalation_manager', 'manager', 'admin'].includes(role);
}

/** "ESC-12", "esc-12", "#12" or "12" -> 12; anything else NaN. */
export function ticketNumber(text: string): number {
  const match = /^(?:[A-Za-z]+-|#)?(\d+)$/.exec(text.trim());
  return match?.[1] ? Number(match[1]) : Number.NaN;
}

export function checkLink(kind: 'knowledge' | 'related', title: string, target: string): Problems {
  const problems: Problems = {};
  if (kind === 'knowledge') {
    if (!title.trim()) problems.title = 'Give the article a title.';
    if (!/^https?:\/\/\S+$/.test(target.trim())) problems.target = 'Give the article address (http:// or https://).';
  } else if (Number.isNaN(ticketNumber(target))) {
    problems.target = 'Give a ticket key (ESC-12) or number.';
  }
  return problems;
}

export function checkMerge(into: string, self: string): Problems {
  if (Number.isNaN(ticketNumber(into))) return { into: 'Give the key of the ticket to merge into (ESC-12).' };
  if (into.trim().toUpperCase() === self.toUpperCase()) return { into: 'A ticket cannot be merged into itself.' };
  return {};
}

export const roles = ['agent', 'supervisor', 'escalation_manager', 'manager', 'admin', 'customer'] as const;

/** A new user: a user name the service accepts, a known role, a password of 10+ characters. */
export function checkNewUser(user: { username: string; role: string; password: string; email: string }): Problems {
  const problems: Problems = {};
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(user.username.trim())) problems.username = 'Letters, digits, dot, dash or underscore; up to 64.';
  if (!(roles as readonly string[]).includes(user.role)) problems.role = 'Choose a role.';
  if (user.password.length < 10) problems.password = 'At least 10 characters.';
  if (user.email.trim() && !/^[^@\s]+@[^@\s]+$/.test(user.email.trim())) problems.email = 'This is not an e-mail address.';
  return problems;
}

export function checkTokenName(name: string): Problems {
  return name.trim() ? {} : { name: 'Say what the token is for (its name).' };
}

export function hasProblems(problems: Problems): boolean {
  return Object.values(problems).some((p) => p !== undefined);
}
