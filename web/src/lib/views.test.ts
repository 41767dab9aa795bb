import { describe, expect, it } from 'vitest';
import { checkViewName, describeQuery, listFromSearch, runnableQuery, savedQuery, viewHref } from './views';

describe('saved views', () => {
  it('keep the list query without the page size', () => {
    expect(savedQuery('team=frontline&breached=true&sort=deadline&limit=100')).toBe('team=frontline&breached=true&sort=deadline');
    expect(runnableQuery('team=frontline').toString()).toBe('team=frontline&limit=100');
  });
  it('go through the address and back', () => {
    const href = viewHref({ name: 'Breached in frontline', query: 'breached=true&team=frontline' });
    expect(listFromSearch(href.slice(1))).toEqual({ query: 'breached=true&team=frontline', name: 'Breached in frontline' });
    expect(listFromSearch('?scope=mine')).toBeNull();
  });
  it('need a fresh name of at most 80 characters', () => {
    expect(checkViewName('  ', []).name).toMatch(/name/);
    expect(checkViewName('x'.repeat(81), []).name).toMatch(/80/);
    expect(checkViewName(' Mine ', ['Mine']).name).toMatch(/already/);
    expect(checkViewName('Breached', ['Mine'])).toEqual({});
  });
  it('are described in words when unnamed', () => {
    expect(describeQuery('level=L2&team=product-specialists&open=true&sort=deadline')).toBe('level L2, team product-specialists, open');
    expect(describeQuery('')).toBe('all tickets');
  });
});
