import { describe, expect, it } from 'vitest';
import { checkEscalation, checkMessage, checkResolution, checkSignIn, hasProblems } from './validation';

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
});
