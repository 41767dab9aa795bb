import { describe, expect, it } from 'vitest';
import { checkFile, formatSize, mayAddFiles, maxUploadBytes } from './attachments';

describe('checkFile', () => {
  it('accepts no file and a file within the limit', () => {
    expect(checkFile(null)).toEqual({});
    expect(checkFile({ name: 'a.png', size: 1 })).toEqual({});
    expect(checkFile({ name: 'a.png', size: maxUploadBytes })).toEqual({});
  });
  it('refuses an empty file and one over 25 MB, naming it', () => {
    expect(checkFile({ name: 'empty.txt', size: 0 }).file).toContain('empty.txt is empty');
    expect(checkFile({ name: 'big.iso', size: maxUploadBytes + 1 }).file).toContain('big.iso is 25.0 MB');
  });
});

describe('mayAddFiles', () => {
  it('allows files until the ticket is closed or merged', () => {
    expect(mayAddFiles({ status: 'resolved', merged_into: null })).toBe(true);
    expect(mayAddFiles({ status: 'closed', merged_into: null })).toBe(false);
    expect(mayAddFiles({ status: 'open', merged_into: 7 })).toBe(false);
  });
});

describe('formatSize', () => {
  it('uses bytes, kilobytes and megabytes', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(200 * 1024)).toBe('200 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
