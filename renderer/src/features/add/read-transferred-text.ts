// Runtime: renderer. Collects the text of a drop or a paste: links, text/uri-list, plain text, and .txt files.

/** Largest text file read from a drop, in bytes; bigger files are skipped with a message. */
export const MAX_LINK_FILE_BYTES = 20 * 1024 * 1024;

export interface TransferredText {
  readonly text: string;
  /** Sentences about files that were not read. */
  readonly skipped: readonly string[];
}

/**
 * Must be called while the event is being dispatched: a DataTransfer is emptied once its event ends. The strings
 * are copied at once; the files are read afterwards, which File objects allow.
 */
export function readTransferredText(data: DataTransfer): Promise<TransferredText> {
  const parts = [data.getData('text/uri-list'), data.getData('text/plain')].filter((part) => part !== '');
  const files = [...data.files];
  return readFiles(parts, files);
}

async function readFiles(parts: string[], files: readonly File[]): Promise<TransferredText> {
  const skipped: string[] = [];
  for (const file of files) {
    const isText = file.type.startsWith('text/') || /\.(txt|list|urls?|csv)$/i.test(file.name);
    if (!isText) {
      skipped.push(`“${file.name}” is not a text file of links.`);
      continue;
    }
    if (file.size > MAX_LINK_FILE_BYTES) {
      skipped.push(`“${file.name}” is too large to be a list of links.`);
      continue;
    }
    try {
      parts.push(await file.text());
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      skipped.push(`“${file.name}” could not be read (${detail}).`);
    }
  }
  return { text: parts.join('\n'), skipped };
}
