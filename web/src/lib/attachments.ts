// Files on a ticket apart from the UI: the check of a chosen file against what the service
// accepts (POST /api/v1/tickets/{id}/attachments: not empty, at most 25 MiB) and sizes in
// words a person reads.
import type { Problems } from './validation';

/** The service's limit per file (app::MailIntake::kMaxUploadBytes). */
export const maxUploadBytes = 25 * 1024 * 1024;

export function checkFile(file: { name: string; size: number } | null): Problems {
  if (!file) return {};
  if (file.size === 0) return { file: `${file.name} is empty: choose another file.` };
  if (file.size > maxUploadBytes) {
    return { file: `${file.name} is ${formatSize(file.size)}; files of up to 25 MB are accepted.` };
  }
  return {};
}

/** Whether files may still be added (the service refuses them on closed or merged tickets). */
export function mayAddFiles(t: { status: string; merged_into?: number | null }): boolean {
  return t.status !== 'closed' && !t.merged_into;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
