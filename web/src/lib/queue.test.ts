import { describe, expect, it } from 'vitest';
import type { Policy } from './api';
import { defaultView, isEscalated, placementOf, queueQuery, scopesFor, ticketKeyIn, viewFromSearch, viewToSearch } from './queue';

const policy: Policy = {
  version: '1',
  levels: [{ id: 'L1', name: 'Frontline', rank: 1 }, { id: 'L2', name: 'Specialists', rank: 2 }],
  teams: [
    { id: 'frontline', name: 'Frontline', level: 'L1', members: ['ben', 'ana'], lead: 'ana', manager: 'maria' },
    { id: 'specialists', name: 'Specialists', level: 'L2', members: ['fatima'], lead: 'fatima', manager: 'maria' },
  ],
  categories: [{ id: 'technical', name: 'Technical' }],
  priorities: ['critical', 'high', 'medium', 'low'],
};

describe('placementOf', () => {
  it('finds the team and level of a member, then of a lead or manager', () => {
    expect(placementOf('ben', policy)).toEqual({ team: 'frontline', level: 'L1' });
    expect(placementOf('maria', policy)).toEqual({ team: 'frontline', level: 'L1' });
    expect(placementOf('zoe', policy)).toEqual({ team: null, level: null });
    expect(placementOf('ben', null)).toEqual({ team: null, level: null });
  });
});

describe('scopesFor', () => {
  const ben = placementOf('ben', policy);
  it('gives agents their own, team and level queues but not all', () => {
    expect(scopesFor({ role: 'agent' }, ben)).toEqual(['mine', 'team', 'level']);
  });
  it('adds all for supervisors and managers, and only all for admins outside teams', () => {
    expect(scopesFor({ role: 'supervisor' }, ben)).toEqual(['mine', 'team', 'level', 'all']);
    expect(scopesFor({ role: 'admin' }, { team: null, level: null })).toEqual(['all']);
  });
  it('gives an agent outside every team their own queue only', () => {
    expect(scopesFor({ role: 'agent' }, { team: null, level: null })).toEqual(['mine']);
  });
  it('gives customers none', () => {
    expect(scopesFor({ role: 'customer' }, ben)).toEqual([]);
  });
});

describe('queueQuery', () => {
  const me = { username: 'ben' };
  const ben = placementOf('ben', policy);
  it('asks for my open tickets, next deadline first', () => {
    const q = queueQuery(defaultView(['mine']), me, ben);
    expect(q.toString()).toBe('assignee=ben&open=true&sort=deadline&limit=100');
  });
  it('turns scope and filters into the list parameters', () => {
    const q = queueQuery({ scope: 'level', status: 'waiting', priority: 'high', category: 'technical', sla: 'at_risk', q: '  disk   full ' }, me, ben);
    expect(Object.fromEntries(q)).toEqual({
      level: 'L1', status: 'waiting_on_customer,waiting_on_third_party', priority: 'high',
      category: 'technical', at_risk: 'true', q: 'disk full', sort: 'deadline', limit: '100',
    });
    expect(queueQuery({ ...defaultView(['team']), scope: 'team', sla: 'breached' }, me, ben).get('breached')).toBe('true');
  });
  it('never sends a search longer than the service takes', () => {
    expect(queueQuery({ ...defaultView(['all']), q: 'x'.repeat(500) }, me, ben).get('q')).toHaveLength(200);
  });
});

describe('views in the address', () => {
  it('round-trip through the search string', () => {
    const view = { scope: 'team' as const, status: 'all' as const, priority: 'high', category: '', sla: 'breached' as const, q: 'vpn' };
    expect(viewFromSearch(viewToSearch(view), ['mine', 'team'])).toEqual(view);
  });
  it('fall back to the first allowed scope and drop unknown values', () => {
    const view = viewFromSearch('?scope=all&status=bogus&sla=maybe', ['mine', 'team']);
    expect(view.scope).toBe('mine');
    expect(view.status).toBe('open');
    expect(view.sla).toBe('');
  });
});

describe('isEscalated', () => {
  it('is true above the lowest level only', () => {
    expect(isEscalated({ level: 'L2' }, policy.levels)).toBe(true);
    expect(isEscalated({ level: 'L1' }, policy.levels)).toBe(false);
    expect(isEscalated({}, policy.levels)).toBe(false);
  });
});

describe('ticketKeyIn', () => {
  it('recognises a key or a #number, and nothing else', () => {
    expect(ticketKeyIn(' esc-12 ')).toBe('ESC-12');
    expect(ticketKeyIn('#7')).toBe('7');
    expect(ticketKeyIn('disk full')).toBeNull();
    expect(ticketKeyIn('ESC-')).toBeNull();
  });
});
