// Runtime: renderer. Picks the badge shown next to a name: a category (for its colour) and a short label.

export type FileCategory = 'archive' | 'video' | 'audio' | 'image' | 'document' | 'disk' | 'program' | 'code' | 'other';

export interface FileKind {
  readonly category: FileCategory;
  /** Up to four upper-case letters, e.g. "ZIP"; "FILE" when there is no extension. */
  readonly label: string;
  /** Words for screen readers, e.g. "archive". */
  readonly description: string;
}

const CATEGORY_BY_EXTENSION: ReadonlyMap<string, FileCategory> = new Map([
  ...['zip', '7z', 'rar', 'tar', 'gz', 'tgz', 'bz2', 'xz', 'zst', 'lz', 'cab'].map((ext) => [ext, 'archive'] as const),
  ...['mp4', 'mkv', 'webm', 'avi', 'mov', 'm4v', 'wmv', 'flv', 'ts'].map((ext) => [ext, 'video'] as const),
  ...['mp3', 'flac', 'ogg', 'opus', 'wav', 'm4a', 'aac', 'wma'].map((ext) => [ext, 'audio'] as const),
  ...['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'avif', 'bmp', 'tif', 'tiff', 'heic'].map((ext) => [ext, 'image'] as const),
  ...['pdf', 'doc', 'docx', 'odt', 'xls', 'xlsx', 'ods', 'ppt', 'pptx', 'txt', 'md', 'epub', 'csv', 'rtf'].map(
    (ext) => [ext, 'document'] as const,
  ),
  ...['iso', 'img', 'dmg', 'vhd', 'vhdx', 'qcow2', 'vmdk'].map((ext) => [ext, 'disk'] as const),
  ...['exe', 'msi', 'deb', 'rpm', 'apk', 'appimage', 'pkg', 'bin', 'run', 'sh'].map((ext) => [ext, 'program'] as const),
  ...['json', 'xml', 'js', 'py', 'c', 'h', 'go', 'rs', 'java', 'sql', 'yaml', 'yml'].map((ext) => [ext, 'code'] as const),
]);

const DESCRIPTION_BY_CATEGORY: Readonly<Record<FileCategory, string>> = {
  archive: 'archive',
  video: 'video',
  audio: 'audio',
  image: 'image',
  document: 'document',
  disk: 'disk image',
  program: 'program or installer',
  code: 'code or data',
  other: 'file',
};

/** Reads the kind of a file from its name's extension. */
export function getFileKind(fileName: string): FileKind {
  const match = /\.([a-z0-9]{1,10})$/i.exec(fileName);
  const extension = match?.[1]?.toLowerCase();
  if (extension === undefined) return { category: 'other', label: 'FILE', description: DESCRIPTION_BY_CATEGORY.other };
  const category = CATEGORY_BY_EXTENSION.get(extension) ?? 'other';
  return { category, label: extension.slice(0, 4).toUpperCase(), description: DESCRIPTION_BY_CATEGORY[category] };
}
