// Runtime: renderer. Reads "Name: value" lines for the extra request headers of the add dialog.

export interface ParsedHeaderLines {
  readonly headers: Readonly<Record<string, string>>;
  /** Sentences naming the line that is wrong. */
  readonly errors: readonly string[];
}

const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function parseHeaderLines(text: string): ParsedHeaderLines {
  const headers: Record<string, string> = {};
  const errors: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim();
    if (colon === -1 || name === '') {
      errors.push(`Header line ${index + 1} needs the form “Name: value”.`);
      return;
    }
    if (!HEADER_NAME_PATTERN.test(name)) {
      errors.push(`Header line ${index + 1}: “${name}” is not a valid header name.`);
      return;
    }
    headers[name] = line.slice(colon + 1).trim();
  });
  return { headers, errors };
}
