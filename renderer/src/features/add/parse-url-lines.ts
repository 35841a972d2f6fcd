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
    const lineNumber = index + 1;
    const lineErrors: UrlLineError[] = [];
    let hasLink = false;
    for (const candidate of extractUrlCandidates(line)) {
      const parsed = parseDownloadUrl(candidate);
      if (parsed.ok) {
        links.push({ lineNumber, input: candidate, url: parsed.url });
        hasLink = true;
      } else lineErrors.push({ lineNumber, input: candidate, message: parsed.message });
    }
    if (hasLink || lineErrors.length <= 1) errors.push(...lineErrors);
    else {
      // A line of words without any link gets one error that quotes it whole, not one per word.
      const whole = parseDownloadUrl(line.trim());
      errors.push({ lineNumber, input: line.trim(), message: whole.ok ? (lineErrors[0]?.message ?? '') : whole.message });
    }
  });
  return { links, errors };
}
