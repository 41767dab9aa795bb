import { describe, expect, it } from 'vitest';
import { checkEscalationRequest, checkNewRequest, checkRating, customerStatus, portalActions, ratingWords } from './portal';

describe('the customer portal', () => {
  it('says statuses in plain words', () => {
    expect(customerStatus('waiting_on_customer')).toBe('Waiting for your reply');
    expect(customerStatus('resolved')).toBe('Resolved');
    expect(customerStatus('resolved', true)).toBe('Resolved: awaiting final approval');
    expect(customerStatus('closed', true)).toBe('Closed');
    expect(customerStatus('some_internal_state')).toBe('In progress');
  });
  it('offers an escalation request while open, a rating once resolved', () => {
    expect(portalActions({ status: 'open', escalation_requested: false, feedback: null })).toEqual({ reply: true, askEscalation: true, rate: false });
    expect(portalActions({ status: 'open', escalation_requested: true, feedback: null }).askEscalation).toBe(false);
    expect(portalActions({ status: 'resolved', escalation_requested: false, feedback: null })).toEqual({ reply: true, askEscalation: false, rate: true });
    expect(portalActions({ status: 'closed', escalation_requested: false, feedback: { rating: 5 } })).toEqual({ reply: false, askEscalation: false, rate: false });
    expect(portalActions({ status: 'resolved', escalation_requested: false, feedback: null, awaiting_signoff: true }).rate).toBe(false);
  });
  it('checks a new request, an escalation request and a rating', () => {
    expect(Object.keys(checkNewRequest({ subject: '', description: ' ', category: '', impact: '' }))).toEqual(['subject', 'description', 'category', 'impact']);
    expect(checkNewRequest({ subject: 'Login fails', description: 'Since today', category: 'account', impact: 'high' })).toEqual({});
    expect(checkEscalationRequest('').reason).toBeDefined();
    expect(checkRating(0).rating).toBeDefined();
    expect(checkRating(4)).toEqual({});
  });
});

describe('ratingWords', () => {
  it('says the rating the customer gave, and nothing before one', () => {
    expect(ratingWords({ rating: 5, comment: '' })).toBe('You rated it 5 of 5 stars.');
    expect(ratingWords({ rating: 1, comment: 'slow' })).toBe('You rated it 1 of 5 stars.');
    expect(ratingWords(null)).toBeNull();
    expect(ratingWords(undefined)).toBeNull();
    expect(ratingWords({ rating: 0 })).toBeNull();
    expect(ratingWords({ rating: '5' })).toBeNull();
  });
});
