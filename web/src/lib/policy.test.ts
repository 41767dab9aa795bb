import { describe, expect, it } from 'vitest';
import { compareSimulation, offsetOf, problemText, sortProblems, targetCell, whenWords } from './policy';

describe('policy check problems', () => {
  const p = { file: 'saas-support.yaml', line: 215, column: 55, message: 'max_open_escalations must be a number, got "4O"' };
  it('read as line and column', () => {
    expect(problemText(p, 'saas-support.yaml')).toBe('line 215, column 55: max_open_escalations must be a number, got "4O"');
    expect(problemText({ ...p, file: 'holidays.ics' }, 'saas-support.yaml')).toMatch(/^holidays\.ics, line 215/);
  });
  it('come in file order', () => {
    expect(sortProblems([p, { ...p, column: 5 }, { ...p, line: 4 }]).map((x) => `${x.line}:${x.column}`)).toEqual(['4:55', '215:5', '215:55']);
  });
  it('point the cursor at their place', () => {
    const text = 'a: 1\nlimits:\n  - x\n';
    expect(offsetOf(text, 1, 1)).toBe(0);
    expect(text.slice(offsetOf(text, 3, 5))).toBe('x\n');
    expect(offsetOf(text, 99, 1)).toBe(text.length);
  });
});

describe('SLA table', () => {
  it('says when a rule applies and its targets', () => {
    expect(whenWords({ name: 'g', when: { tiers: ['gold'], priorities: ['critical', 'high'], categories: [], channels: [] }, targets: {}, pause_on: [] }))
      .toBe('tier gold, priority critical or high');
    expect(whenWords({ name: 'd', when: { tiers: [], priorities: [], categories: [], channels: [] }, targets: {}, pause_on: [] })).toBe('every ticket');
    expect(targetCell({ duration: '30m', seconds: 1800, calendar: 'always-on' })).toBe('30m (always-on)');
    expect(targetCell(null)).toBe('—');
  });
});

describe('simulation side by side', () => {
  it('marks what the candidate changes, peak load included', () => {
    const rows = compareSimulation(
      { escalations: { total: 4, tickets: 3, rate: 0.3 }, sla: { first_response: { attainment: 1, met: 6, breached: 0 } }, load: [{ scope: 'level', id: 'L3', peak: 2, limit: 15, queued: 0 }] },
      { escalations: { total: 6, tickets: 3, rate: 0.3 }, sla: { first_response: { attainment: 0.875, met: 7, breached: 1 } }, load: [{ scope: 'level', id: 'L3', peak: 2, limit: 15, queued: 0 }] },
    );
    const by = Object.fromEntries(rows.map((r) => [r.label, r]));
    expect(by['Escalations']).toEqual({ label: 'Escalations', running: '4', candidate: '6', changed: true });
    expect(by['Escalated tickets']!.changed).toBe(false);
    expect(by['First response attainment']).toMatchObject({ running: '100%', candidate: '87.5%' });
    expect(by['Peak open at level L3']).toMatchObject({ running: '2 of 15', changed: false });
  });
});
