// Runtime: renderer. Shown when the queue has items but none fits the filter or search.
export function NoMatches({ onReset }: { onReset: () => void }) {
  return (
    <section className="empty" aria-live="polite">
      <p className="muted">No downloads match this filter.</p>
      <button type="button" className="button button-plain button-with-label" onClick={onReset}>
        <span>Show all downloads</span>
      </button>
    </section>
  );
}
