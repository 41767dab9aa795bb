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

export function hasProblems(problems: Problems): boolean {
  return Object.values(problems).some((p) => p !== undefined);
}
