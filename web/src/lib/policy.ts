// The policy page's logic apart from its UI: a check problem as "line:column" for a person
// (and the position to put the cursor at), the SLA table's cells, and the simulation of a
// candidate policy against the running one as rows side by side.

export interface PolicyProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  text?: string;
}

export interface SlaRule {
  name: string;
  when: { tiers: string[]; priorities: string[]; categories: string[]; channels: string[] };
  targets: Record<string, { duration: string; seconds: number; calendar: string } | null>;
  pause_on: string[];
}

export interface SimFigures {
  tickets?: number;
  escalations?: { total: number; tickets: number; rate: number | null; by_level?: Record<string, number>; by_type?: Record<string, number>; blocked?: number };
  decisions?: { total: number; by_trigger?: Record<string, number> };
  sla?: Record<string, { attainment: number | null; met: number; breached: number }>;
  breaches?: { tickets: number; cycles: number };
  time_to_escalate?: { median_seconds: number; p90_seconds: number };
  time_to_resolve?: { median_seconds: number; p90_seconds: number };
  signoffs_required?: number;
  load?: { scope: string; id: string; peak: number; limit: number | null; queued: number }[];
}

/** "line 73, column 9: limits need …"; the file name only when it is not the candidate's. */
export function problemText(p: PolicyProblem, candidateFile = ''): string {
  const where = `line ${p.line}, column ${p.column}`;
  const file = p.file && candidateFile && p.file !== candidateFile ? `${p.file}, ` : '';
  return `${file}${where}: ${p.message}`;
}

/** The offset in `text` of line:column (both from 1), to put the editor's cursor there. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/** Problems in file order: by line, then column. */
export function sortProblems(problems: PolicyProblem[]): PolicyProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

export function whenWords(rule: SlaRule): string {
  const parts: string[] = [];
  if (rule.when.tiers.length) parts.push(`tier ${rule.when.tiers.join(' or ')}`);
  if (rule.when.priorities.length) parts.push(`priority ${rule.when.priorities.join(' or ')}`);
  if (rule.when.categories.length) parts.push(`category ${rule.when.categories.join(' or ')}`);
  if (rule.when.channels.length) parts.push(`channel ${rule.when.channels.join(' or ')}`);
  return parts.length ? parts.join(', ') : 'every ticket';
}

export function targetCell(t: SlaRule['targets'][string]): string {
  return t ? `${t.duration} (${t.calendar})` : '—';
}

export interface CompareRow {
  label: string;
  running: string;
  candidate: string;
  changed: boolean;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);
const num = (v: number | undefined) => (v === undefined ? '—' : String(v));
const hours = (s: number | undefined) => (s === undefined ? '—' : `${Math.round((s / 3600) * 10) / 10}h`);

/** The simulation's two reports as rows: what an admin weighs before applying a candidate. */
export function compareSimulation(running: SimFigures, candidate: SimFigures): CompareRow[] {
  const rows: [string, (f: SimFigures) => string][] = [
    ['Escalations', (f) => num(f.escalations?.total)],
    ['Escalated tickets', (f) => num(f.escalations?.tickets)],
    ['Escalation rate', (f) => pct(f.escalations?.rate)],
    ['Engine decisions', (f) => num(f.decisions?.total)],
    ['First response attainment', (f) => pct(f.sla?.first_response?.attainment)],
    ['Next update attainment', (f) => pct(f.sla?.next_update?.attainment)],
    ['Resolution attainment', (f) => pct(f.sla?.resolution?.attainment)],
    ['Breached tickets', (f) => num(f.breaches?.tickets)],
    ['Time to escalate (median)', (f) => hours(f.time_to_escalate?.median_seconds)],
    ['Time to resolve (median)', (f) => hours(f.time_to_resolve?.median_seconds)],
    ['Sign-offs required', (f) => num(f.signoffs_required)],
  ];
  const out = rows.map(([label, read]) => {
    const a = read(running);
    const b = read(candidate);
    return { label, running: a, candidate: b, changed: a !== b };
  });
  const loadIds = [...new Set([...(running.load ?? []), ...(candidate.load ?? [])].map((l) => `${l.scope}:${l.id}`))];
  for (const id of loadIds) {
    const peak = (f: SimFigures) => {
      const l = f.load?.find((x) => `${x.scope}:${x.id}` === id);
      return l ? `${l.peak}${l.limit !== null ? ` of ${l.limit}` : ''}` : '—';
    };
    const a = peak(running);
    const b = peak(candidate);
    out.push({ label: `Peak open at ${id.replace(':', ' ')}`, running: a, candidate: b, changed: a !== b });
  }
  return out;
}
