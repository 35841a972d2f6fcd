// Runtime: renderer. After the add dialog sends its links: what was added, and which lines stay in the box.
import type { ChunkedAddResult } from './add-in-chunks';
import type { ParsedUrlLines, UrlLineError } from './parse-url-lines';

export interface UnaddedLines {
  readonly addedCount: number;
  /** Links the engine already had, for the note under the box. */
  readonly duplicateUrls: readonly string[];
  /** Links not sent because a call failed; their lines stay in the box. */
  readonly unsentCount: number;
  /** The box's new text: only lines holding something that was not added, so pressing Add again sends nothing twice. */
  readonly text: string;
  /** Errors of the lines kept, numbered as the lines of `text`. */
  readonly errors: readonly UrlLineError[];
}

/**
 * @param linksText The box's text as sent.
 * @param parsed What parseUrlLines read from it; `result.outcomes` answer `parsed.links` in order.
 */
export function keepUnaddedLines(linksText: string, parsed: ParsedUrlLines, result: ChunkedAddResult): UnaddedLines {
  const invalid: UrlLineError[] = [...parsed.errors];
  const duplicateUrls: string[] = [];
  let addedCount = 0;
  result.outcomes.forEach((outcome, index) => {
    const link = parsed.links[index];
    if (link === undefined) return;
    if (outcome.status === 'added') addedCount += 1;
    else if (outcome.status === 'duplicate') duplicateUrls.push(link.url);
    else invalid.push({ lineNumber: link.lineNumber, input: link.input, message: outcome.message });
  });
  const unsent = parsed.links.slice(result.outcomes.length);

  const sourceLines = linksText.split(/\r\n|\r|\n/);
  const errorLineNumbers = new Set(invalid.map((error) => error.lineNumber));
  const linkCountByLine = countByLine(parsed.links);
  const unsentInputsByLine = new Map<number, string[]>();
  for (const link of unsent) {
    const inputs = unsentInputsByLine.get(link.lineNumber);
    if (inputs === undefined) unsentInputsByLine.set(link.lineNumber, [link.input]);
    else inputs.push(link.input);
  }
  const keptLineNumbers = [...new Set([...errorLineNumbers, ...unsentInputsByLine.keys()])].sort((a, b) => a - b);
  const keptText = keptLineNumbers.map((lineNumber) => {
    const source = sourceLines[lineNumber - 1] ?? '';
    const unsentInputs = unsentInputsByLine.get(lineNumber) ?? [];
    // A batch may end inside a line; then only the line's links after that point still need adding.
    const isLinePartlyAdded = !errorLineNumbers.has(lineNumber) && unsentInputs.length < (linkCountByLine.get(lineNumber) ?? 0);
    return isLinePartlyAdded ? unsentInputs.join(' ') : source;
  });
  const newLineNumbers = new Map(keptLineNumbers.map((lineNumber, index) => [lineNumber, index + 1]));
  const errors = invalid
    .map((error) => ({ ...error, lineNumber: newLineNumbers.get(error.lineNumber) ?? 0 }))
    .sort((a, b) => a.lineNumber - b.lineNumber);
  return { addedCount, duplicateUrls, unsentCount: unsent.length, text: keptText.join('\n'), errors };
}

function countByLine(links: ParsedUrlLines['links']): Map<number, number> {
  const counts = new Map<number, number>();
  for (const link of links) counts.set(link.lineNumber, (counts.get(link.lineNumber) ?? 0) + 1);
  return counts;
}
