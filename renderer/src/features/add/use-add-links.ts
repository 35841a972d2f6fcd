// Runtime: renderer. Adds every link found in dropped or pasted text straight to the queue, and says what happened.
import { useCallback } from 'react';
import { extractUrlCandidates, parseDownloadUrl } from '../../../../shared/download-url';
import { useAppServices } from '../../lib/app-services';
import { addInChunks } from './add-in-chunks';
import { summarizeAddOutcomes } from './summarize-add-outcomes';

/** Where the text came from, for the message when it holds no link. */
export type LinkSource = 'dropped' | 'pasted';

// Plain text holds ordinary words too; only what looks like a link deserves an error when it is not a valid one.
const LOOKS_LIKE_LINK = /^(?:[a-z][a-z\d+.-]*:\/\/|www\.)/i;

export function useAddLinks(): (text: string, source: LinkSource) => Promise<void> {
  const { api, toasts } = useAppServices();
  return useCallback(
    async (text, source) => {
      const urls: string[] = [];
      const rejected: string[] = [];
      for (const candidate of extractUrlCandidates(text)) {
        const parsed = parseDownloadUrl(candidate);
        if (parsed.ok) urls.push(parsed.url);
        else if (LOOKS_LIKE_LINK.test(candidate)) rejected.push(parsed.message);
      }
      if (urls.length === 0) {
        toasts.show('error', rejected[0] ?? `No links were found in what was ${source}.`);
        return;
      }
      const { outcomes, failure } = await addInChunks(api, urls);
      // Links in the batches that went through are in the queue; saying "could not be added" would hide them.
      const unsent = failure === null ? null : { count: urls.length - outcomes.length, message: failure.message };
      const summary = summarizeAddOutcomes(outcomes, rejected, unsent);
      toasts.show(summary.kind, summary.message);
    },
    [api, toasts],
  );
}
