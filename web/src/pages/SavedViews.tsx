// The queue's saved views: the user's named list queries as links, each deletable, and a
// form that saves the list being shown under a name (POST /api/v1/views; the service checks
// the query with the list's own rules and says what is wrong).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type SavedView } from '../lib/api';
import { linkClick } from '../lib/router';
import { checkViewName, type ListInAddress, viewHref } from '../lib/views';
import { hasProblems, type Problems } from '../lib/validation';

export function SavedViews({ query, current }: { query: string; current: ListInAddress | null }) {
  const [views, setViews] = useState<SavedView[]>([]);
  const [name, setName] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);

  const load = async () => {
    try {
      setViews((await api.views()).items);
    } catch {
      setViews([]);
    }
  };
  useEffect(() => { void load(); }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    const found = checkViewName(name, views.map((v) => v.name));
    setProblems(found);
    if (hasProblems(found)) return;
    setSaving(true);
    try {
      await api.saveView(name.trim(), query);
      setName('');
      await load();
    } catch (err) {
      setProblems({ name: err instanceof ApiError ? err.message : 'The view could not be saved.' });
    } finally {
      setSaving(false);
    }
  };

  const remove = async (view: SavedView) => {
    try {
      await api.deleteView(view.id);
    } finally {
      await load();
    }
  };

  return (
    <div class="saved-views">
      <nav aria-label="Saved views">
        <ul>
          {views.map((v) => (
            <li key={v.id} data-view={v.name}>
              <a href={viewHref(v)} aria-current={current?.name === v.name && current.query === v.query ? 'page' : undefined}
                onClick={(e) => linkClick(e, viewHref(v))}>{v.name}</a>
              <button type="button" class="icon" aria-label={`Delete view ${v.name}`} onClick={() => void remove(v)}>×</button>
            </li>
          ))}
        </ul>
      </nav>
      <form class="save-view" onSubmit={(e) => void save(e)} noValidate>
        <label for="view-name">Save this list as</label>
        <input id="view-name" value={name} maxLength={80} aria-invalid={problems.name ? 'true' : undefined}
          aria-describedby={problems.name ? 'view-name-problem' : undefined} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" class="secondary" disabled={saving}>Save view</button>
        {problems.name ? <p id="view-name-problem" class="problem">{problems.name}</p> : null}
      </form>
    </div>
  );
}
