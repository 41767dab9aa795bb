import { describe, expect, it } from 'vitest';
import { parseLiveEvent } from './live';

describe('parseLiveEvent', () => {
  it('reads the ticket, its key and the instant', () => {
    const e = parseLiveEvent('ticket.escalated', '{"ticket_id": 5, "key": "ESC-5", "at": "2026-03-06T16:30:00+00:00", "level": "L2"}');
    expect(e).toMatchObject({ type: 'ticket.escalated', ticket_id: 5, key: 'ESC-5', level: 'L2' });
  });
  it('ignores frames that are not ticket events', () => {
    expect(parseLiveEvent('ticket.x', 'not json')).toBeNull();
    expect(parseLiveEvent('ticket.x', '{"key": "ESC-1"}')).toBeNull();
  });
});
