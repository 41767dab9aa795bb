import { describe, expect, it } from 'vitest';
import type { EscalationPreview, Policy } from './api';
import { describePreview, destinations } from './escalation';

const policy: Policy = {
  version: 'v1',
  levels: [{ id: 'L2', name: 'Specialists', rank: 2 }, { id: 'L1', name: 'Frontline', rank: 1 }],
  teams: [
    { id: 'frontline', name: 'Frontline support', level: 'L1', members: ['ben'], lead: 'ana', manager: 'maria' },
    { id: 'product-specialists', name: 'Product specialists', level: 'L2', members: ['hiro', 'ines'], lead: 'hiro', manager: 'maria' },
  ],
  categories: [],
  priorities: [],
};

const allowed: EscalationPreview = {
  allowed: true, refusal: null, acting_level: 'L1', type: 'hierarchical',
  from: { team: 'frontline', level: 'L1' }, to: { team: 'product-specialists', level: 'L2' },
  receivers: { members: ['hiro', 'ines'], lead: 'hiro', manager: 'maria', on_call: null },
  limit: null,
};

describe('destinations', () => {
  it('offers the next level, the other levels by rank and the other teams', () => {
    expect(destinations(policy, { team: 'frontline', level: 'L1' }).map((d) => d.value))
      .toEqual(['next_level', 'L2', 'product-specialists']);
  });
  it('offers only the next level without a policy', () => {
    expect(destinations(null, {}).map((d) => d.value)).toEqual(['next_level']);
  });
});

describe('describePreview', () => {
  it('shows the receivers of an allowed escalation and lets it be confirmed', () => {
    const view = describePreview(allowed, policy);
    expect(view.canConfirm).toBe(true);
    expect(view.destination).toBe('Product specialists (L2)');
    expect(view.verdict).toContain('Allowed');
    expect(view.receivers).toContainEqual({ label: 'Members', value: 'hiro, ines' });
    expect(view.receivers).toContainEqual({ label: 'On call', value: 'nobody on call now' });
    expect(view.limit).toBeNull();
  });
  it('gives the refusal in the service words and blocks confirming', () => {
    const view = describePreview({
      ...allowed, allowed: false, receivers: null,
      refusal: { code: 'forbidden', message: 'jumping past the next level needs may_approve' },
    }, policy);
    expect(view.canConfirm).toBe(false);
    expect(view.verdict).toBe('Not allowed: jumping past the next level needs may_approve');
    expect(view.receivers).toEqual([]);
  });
  it('says a queue limit makes the escalation wait', () => {
    const view = describePreview({ ...allowed, limit: { effect: 'queue', limit: 'team "product-specialists"' } }, policy);
    expect(view.limit).toMatch(/wait in its queue/);
  });
  it('says a notify_manager limit tells the manager', () => {
    const view = describePreview({ ...allowed, limit: { effect: 'notify_manager', limit: 'level "L3"' } }, policy);
    expect(view.limit).toMatch(/manager is told/);
  });
});
