// Runtime: renderer. Reads the add dialog's text box line by line, so each error can name its line.
import { extractUrlCandidates, parseDownloadUrl } from '../../../../shared/download-url';

export interface UrlLine {
  /** 1-based line number in the text box. */
  readonly lineNumber: number;
  /** The candidate as typed. */
  readonly input: string;
  /** The normalized link. */
  readonly url: string;
}

export interface UrlLineError {
  readonly lineNumber: number;
  readonly input: string;
  /** A sentence for the user. */
  readonly message: string;
}

export interface ParsedUrlLines {
  readonly links: readonly UrlLine[];
  readonly errors: readonly UrlLineError[];
}

/** Each line may hold one link or several; blank lines and `#` comments are skipped. */
export function parseUrlLines(text: string): ParsedUrlLines {
  const links: UrlLine[] = [];
  const errors: UrlLineError[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    for (const candidate of extractUrlCandidates(line)) {
      const parsed = parseDownloadUrl(candidate);
      if (parsed.ok) links.push({ lineNumber: index + 1, input: candidate, url: parsed.url });
      else errors.push({ lineNumber: index + 1, input: candidate, message: parsed.message });
    }
  });
  return { links, errors };
}
