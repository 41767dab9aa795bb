import { describe, expect, it } from 'vitest';
import type { Policy } from './api';
import { membershipWords, teamsOf, withoutAccount } from './admin';

const policy: Policy = {
  version: '1',
  levels: [{ id: 'L1', name: 'Frontline', rank: 1 }, { id: 'L3', name: 'Management', rank: 3 }],
  teams: [
    { id: 'frontline', name: 'Frontline support', level: 'L1', members: ['ana', 'ben'], lead: 'ana', manager: 'maria' },
    { id: 'management', name: 'Support management', level: 'L3', members: ['maria', 'otto'], lead: 'maria', manager: null },
  ],
  categories: [],
  priorities: [],
};

describe('teamsOf', () => {
  it('lists every team a person is in, with what they are there', () => {
    expect(teamsOf('ana', policy)).toEqual([{ team: 'frontline', name: 'Frontline support', level: 'L1', as: ['member', 'lead'] }]);
    expect(teamsOf('maria', policy).map((m) => [m.team, m.as])).toEqual([
      ['frontline', ['manager']],
      ['management', ['member', 'lead']],
    ]);
  });
  it('is empty for customers, admins outside teams and without a policy', () => {
    expect(teamsOf('alice', policy)).toEqual([]);
    expect(teamsOf('ana', null)).toEqual([]);
  });
});

describe('membershipWords', () => {
  it('names the team with its level, and the role when it is more than member', () => {
    expect(membershipWords(teamsOf('ben', policy))).toBe('Frontline support (L1)');
    expect(membershipWords(teamsOf('maria', policy))).toBe('Frontline support (L1, manager); Support management (L3, lead)');
    expect(membershipWords([])).toBe('');
  });
});

describe('withoutAccount', () => {
  it('finds the people a team names who cannot sign in', () => {
    const team = policy.teams[0]!;
    expect(withoutAccount(team, new Set(['ana', 'ben', 'maria']))).toEqual([]);
    expect(withoutAccount(team, new Set(['ana']))).toEqual(['ben', 'maria']);
  });
});
