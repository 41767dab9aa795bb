// The admin page's logic apart from its UI: team membership as the policy defines it
// (teams: members, lead, manager; staff user names are the policy's person ids), per person
// and per team, so the users table can say where each person works and the teams table
// can flag people the policy names who have no user account.
import type { Policy } from './api';

export type TeamRole = 'member' | 'lead' | 'manager';

export interface Membership {
  team: string; // team id
  name: string; // team name
  level: string;
  as: TeamRole[];
}

/** The teams a person belongs to, in policy order, with what they are there (member, lead, manager). */
export function teamsOf(username: string, policy: Policy | null): Membership[] {
  if (!policy) return [];
  const found: Membership[] = [];
  for (const t of policy.teams) {
    const as: TeamRole[] = [];
    if (t.members.includes(username)) as.push('member');
    if (t.lead === username) as.push('lead');
    if (t.manager === username) as.push('manager');
    if (as.length > 0) found.push({ team: t.id, name: t.name, level: t.level, as });
  }
  return found;
}

/** "Frontline support (L1, lead); Support management (L3)" — a member is the plain case. */
export function membershipWords(memberships: Membership[]): string {
  return memberships
    .map((m) => {
      const roles = m.as.filter((r) => r !== 'member');
      return `${m.name} (${[m.level, ...roles].join(', ')})`;
    })
    .join('; ');
}

/** The people a team's policy entry names who have no user account (they cannot sign in). */
export function withoutAccount(team: { members: string[]; lead: string | null; manager: string | null }, usernames: ReadonlySet<string>): string[] {
  const people = new Set([...team.members, ...(team.lead ? [team.lead] : []), ...(team.manager ? [team.manager] : [])]);
  return [...people].filter((p) => !usernames.has(p));
}
