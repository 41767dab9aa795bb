import { describe, expect, it } from 'vitest';
import { countdown, formatDuration, targetRows } from './sla';

const now = Date.parse('2026-03-06T12:00:00Z');
const at = (iso: string) => ({ state: 'ok', next_deadline: iso, breached: false });

describe('countdown', () => {
  it('is ok with the time left before the deadline', () => {
    const c = countdown(at('2026-03-06T14:30:00Z'), now);
    expect(c).toEqual({ state: 'ok', remaining: 9000, label: '2h 30m left' });
  });

  it('keeps the service\'s at-risk verdict while time is left', () => {
    expect(countdown({ ...at('2026-03-06T12:10:00Z'), state: 'at_risk' }, now).state).toBe('at_risk');
  });

  it('turns breached the second the deadline passes, without waiting for the service', () => {
    expect(countdown(at('2026-03-06T12:00:00Z'), now).state).toBe('breached');
    const c = countdown(at('2026-03-06T11:55:00Z'), now);
    expect(c.state).toBe('breached');
    expect(c.remaining).toBe(-300);
    expect(c.label).toBe('5m 00s overdue');
    expect(countdown(at('2026-03-06T12:00:01Z'), now).state).toBe('ok');
  });

  it('shows a paused clock as paused, never as breached', () => {
    expect(countdown({ state: 'paused', next_deadline: null, breached: false }, now)).toEqual({ state: 'paused', remaining: null, label: 'paused' });
    expect(countdown({ state: 'paused', next_deadline: '2026-03-06T11:00:00Z', breached: false }, now).state).toBe('paused');
  });

  it('has no countdown without a running clock or SLA', () => {
    expect(countdown(undefined, now).state).toBe('none');
    expect(countdown({ state: 'stopped', next_deadline: null, breached: false }, now).remaining).toBeNull();
    expect(countdown({ state: 'weird', next_deadline: null, breached: false }, now).state).toBe('none');
  });
});

describe('formatDuration', () => {
  it('uses the two largest units', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(61)).toBe('1m 01s');
    expect(formatDuration(3600 * 3 + 5 * 60)).toBe('3h 05m');
    expect(formatDuration(86400 * 2 + 3600 * 4 + 59)).toBe('2d 4h');
    expect(formatDuration(-10)).toBe('0s');
  });
});

describe('per-target clocks (sla.targets)', () => {
  const now = Date.parse('2026-03-02T14:00:00Z');
  it('are absent when the ticket has only the single deadline', () => {
    expect(targetRows({ state: 'ok', next_deadline: '2026-03-02T15:00:00Z', breached: false } as never, now)).toBeNull();
    expect(targetRows(undefined, now)).toBeNull();
  });
  it('give each target its due instant and countdown', () => {
    const rows = targetRows({
      targets: [
        { target: 'first_response', due: null, state: 'met', breaches: 0 },
        { target: 'next_update', due: '2026-03-02T14:30:00Z', state: 'at_risk', breaches: 1 },
        { target: 'resolution', due: '2026-03-02T13:00:00Z', state: 'ok', breaches: 0 },
      ],
    }, now)!;
    expect(rows.map((r) => r.label)).toEqual(['First response', 'Next update', 'Resolution']);
    expect(rows[0]!.countdown.label).toBe('met');
    expect(rows[1]!.countdown).toMatchObject({ state: 'at_risk', label: '30m 00s left' });
    expect(rows[1]!.breaches).toBe(1);
    expect(rows[2]!.countdown.state).toBe('breached'); // the due instant has passed
  });
  it('keep a paused target paused', () => {
    const rows = targetRows({ targets: [{ target: 'resolution', due: null, state: 'paused', breaches: 0 }] }, now)!;
    expect(rows[0]!.countdown).toMatchObject({ state: 'paused', label: 'paused' });
  });
});
