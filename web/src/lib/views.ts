// Saved views (GET/POST/DELETE /api/v1/views): a view is a name and the query string of
// GET /api/v1/tickets. The queue shows a raw list query when the address carries
// `list=<query>` (a saved view, or a dashboard figure clicked through), and saves the
// query it is showing, without the page size.
import type { Problems } from './validation';

export interface ListInAddress {
  query: string; // the ticket list's query string, without the page size
  name: string; // the saved view's name, '' when it came from elsewhere
}

export function listFromSearch(search: string): ListInAddress | null {
  const params = new URLSearchParams(search);
  const list = params.get('list');
  if (list === null) return null;
  return { query: savedQuery(list), name: params.get('name') ?? '' };
}

/** What a view keeps: the list query without `limit` (the page size is the app's). */
export function savedQuery(query: string): string {
  const params = new URLSearchParams(query);
  params.delete('limit');
  return params.toString();
}

/** The list query to run for a saved query: the page size added back. */
export function runnableQuery(query: string, limit = 100): URLSearchParams {
  const params = new URLSearchParams(query);
  params.set('limit', String(limit));
  return params;
}

export function viewHref(view: { name: string; query: string }): string {
  return `/?${new URLSearchParams({ list: view.query, name: view.name }).toString()}`;
}

export function checkViewName(name: string, taken: string[]): Problems {
  const trimmed = name.trim();
  if (!trimmed) return { name: 'Give the view a name.' };
  if (trimmed.length > 80) return { name: 'A view name has 80 characters at most.' };
  if (taken.some((t) => t === trimmed)) return { name: 'You already have a view with this name.' };
  return {};
}

/** Words for a list query, for the heading of a view that has no name. */
export function describeQuery(query: string): string {
  const words: string[] = [];
  for (const [key, value] of new URLSearchParams(query)) {
    if (key === 'sort' || key === 'limit') continue;
    if (value === 'true') words.push(key.replace(/_/g, ' '));
    else words.push(`${key.replace(/_/g, ' ')} ${value}`);
  }
  return words.length ? words.join(', ') : 'all tickets';
}
