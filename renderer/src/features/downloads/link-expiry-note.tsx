// Runtime: renderer. "Link expires in 14 min" for signed links, and a warning when the download will not make it.
import { useMemo } from 'react';
import type { DownloadItem } from '../../../../shared/download-types';
import { describeLinkExpiry, detectLinkExpiry, isLikelyToExpireBeforeFinish } from '../../../../shared/signed-link-expiry';
import { Icon } from '../../components/icon';
import { useNowMs } from '../../lib/use-now-ms';

export interface LinkExpiryNoteProps {
  item: DownloadItem;
  /** The live ETA while running, else null. */
  etaSeconds: number | null;
}

export function LinkExpiryNote({ item, etaSeconds }: LinkExpiryNoteProps) {
  const expiry = useMemo(() => detectLinkExpiry(item.fetchUrl), [item.fetchUrl]);
  if (expiry === null || item.state === 'completed' || item.state === 'canceled') return null;
  return <ExpiryText expiresAtMs={expiry.expiresAtMs} etaSeconds={etaSeconds} isPending={item.state === 'active' || item.state === 'queued'} />;
}

function ExpiryText({ expiresAtMs, etaSeconds, isPending }: { expiresAtMs: number; etaSeconds: number | null; isPending: boolean }) {
  const nowMs = useNowMs();
  const phrase = describeLinkExpiry(expiresAtMs, nowMs);
  const isAtRisk = isPending && isLikelyToExpireBeforeFinish(expiresAtMs, nowMs, etaSeconds);
  if (!isAtRisk) return <span className="expiry">{capitalize(phrase)}</span>;
  const sentence = expiresAtMs <= nowMs ? `${capitalize(phrase)}.` : `${capitalize(phrase)}, before the download will finish.`;
  return (
    <span className="expiry expiry-warning" title="Get a fresh link from the site and use “Refresh link”; the progress is kept.">
      <Icon name="alert" sizePx={14} />
      {sentence}
    </span>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
