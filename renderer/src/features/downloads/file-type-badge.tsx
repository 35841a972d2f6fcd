// Runtime: renderer. The coloured square with the extension that stands for a file's type.
import { getFileKind } from './get-file-kind';

export function FileTypeBadge({ fileName }: { fileName: string }) {
  const kind = getFileKind(fileName);
  return (
    <span className={`file-badge file-badge-${kind.category}`} role="img" aria-label={`${kind.label} ${kind.description}`}>
      {kind.label}
    </span>
  );
}
