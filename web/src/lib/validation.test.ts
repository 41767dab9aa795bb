import { describe, expect, it } from 'vitest';
import {
  checkDeescalation, checkEscalation, checkLink, checkMerge, checkMessage, checkResolution, checkSignIn, checkSignoff,
  checkNewUser, checkTokenName, hasProblems, mayApprove, ticketNumber,
} from './validation';

describe('form checks', () => {
  it('sign-in needs both fields', () => {
    expect(checkSignIn('', '')).toEqual({ username: 'Enter your user name.', password: 'Enter your password.' });
    expect(hasProblems(checkSignIn('ben', 'secret'))).toBe(false);
    expect(hasProblems(checkSignIn('   ', 'secret'))).toBe(true);
  });
  it('a message needs words and at most 64 KiB', () => {
    expect(checkMessage(' \n ').body).toBe('Write something first.');
    expect(hasProblems(checkMessage('Thanks'))).toBe(false);
    expect(checkMessage('é'.repeat(40000)).body).toMatch(/too long/);
  });
  it('an escalation needs a target and a reason', () => {
    expect(checkEscalation('next_level', '').reason).toMatch(/reason is required/);
    expect(checkEscalation('', 'Needs a specialist').to).toBeDefined();
    expect(hasProblems(checkEscalation('next_level', 'Needs a specialist'))).toBe(false);
  });
  it('a resolution needs a root cause and its category', () => {
    expect(Object.keys(checkResolution('', ''))).toEqual(['category', 'text']);
    expect(hasProblems(checkResolution('configuration', 'Relay misconfigured'))).toBe(false);
  });
  it('a de-escalation needs a reason', () => {
    expect(checkDeescalation(' ').reason).toMatch(/reason is required/);
    expect(hasProblems(checkDeescalation('Back to frontline'))).toBe(false);
  });
  it('rejecting a sign-off needs a comment, approving does not', () => {
    expect(checkSignoff('reject', '').comment).toBeDefined();
    expect(hasProblems(checkSignoff('approve', ''))).toBe(false);
    expect(mayApprove('agent')).toBe(false);
    expect(mayApprove('manager')).toBe(true);
  });
  it('a link needs an article title and address, or a ticket', () => {
    expect(Object.keys(checkLink('knowledge', '', 'ftp://x'))).toEqual(['title', 'target']);
    expect(hasProblems(checkLink('knowledge', 'Reset SSO', 'https://kb.example.com/sso'))).toBe(false);
    expect(checkLink('related', '', 'nonsense').target).toBeDefined();
    expect(hasProblems(checkLink('related', '', 'esc-4'))).toBe(false);
  });
  it('ticket references and merges', () => {
    expect([ticketNumber('ESC-12'), ticketNumber('#7'), ticketNumber('3')]).toEqual([12, 7, 3]);
    expect(ticketNumber('ESC-')).toBeNaN();
    expect(checkMerge('esc-5', 'ESC-5').into).toMatch(/itself/);
    expect(hasProblems(checkMerge('ESC-4', 'ESC-5'))).toBe(false);
  });
  it('a new user needs a plain name, a role and a 10-character password', () => {
    expect(Object.keys(checkNewUser({ username: 'a b', role: 'boss', password: 'short', email: 'nope' }))).toEqual(['username', 'role', 'password', 'email']);
    expect(checkNewUser({ username: 'zoe', role: 'agent', password: 'long enough pw', email: '' })).toEqual({});
    expect(checkTokenName(' ').name).toBeDefined();
  });
});
