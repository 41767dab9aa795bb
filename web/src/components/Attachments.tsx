// A ticket's files: the list with download links (the service answers them as downloads,
// never rendered in the page) and, where the person may add one, a file picker and an
// Upload button. Used by the agent's ticket page and the portal.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Attachment } from '../lib/api';
import { checkFile, formatSize } from '../lib/attachments';
import { when } from '../lib/format';

export function Attachments({ ticket, canUpload }: { ticket: string | number; canUpload: boolean }) {
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () => api.attachments(ticket).then((r) => setItems(r.items), () => setItems([]));
  useEffect(() => { void load(); }, [ticket]);

  const upload = async (e: Event) => {
    e.preventDefault();
    const found = checkFile(file);
    if (!file) { setProblem('Choose a file first.'); return; }
    if (found.file) { setProblem(found.file); return; }
    setBusy(true);
    try {
      await api.uploadAttachment(ticket, file);
      setFile(null);
      setProblem('');
      (e.currentTarget as HTMLFormElement | null)?.reset();
      await load();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : 'The file could not be uploaded.');
    } finally {
      setBusy(false);
    }
  };

  if (items === null) return null;
  if (items.length === 0 && !canUpload) return null;
  return (
    <section class="panel attachments" aria-labelledby={`files-${ticket}`}>
      <h2 id={`files-${ticket}`}>Files</h2>
      {items.length === 0 ? <p class="muted">No files yet.</p> : (
        <ul class="files">
          {items.map((a) => (
            <li key={a.id}>
              <a href={api.attachmentUrl(ticket, a.id)} download={a.filename}>{a.filename}</a>
              <span class="muted"> {formatSize(a.size)} · {when(a.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
      {canUpload ? (
        <form class="upload" onSubmit={(e) => void upload(e)} noValidate>
          <label for={`file-${ticket}`}>Add a file (up to 25 MB)</label>
          <input id={`file-${ticket}`} type="file" aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? `file-${ticket}-problem` : undefined}
            onChange={(e) => { setFile(e.currentTarget.files?.[0] ?? null); setProblem(''); }} />
          {problem ? <p class="problem" id={`file-${ticket}-problem`} role="alert">{problem}</p> : null}
          <button type="submit" class="secondary" disabled={busy}>{busy ? 'Uploading…' : 'Upload'}</button>
        </form>
      ) : null}
    </section>
  );
}
