// Runtime: renderer. What an empty queue shows: an invitation to drop links.
import { Icon } from '../../components/icon';

export function EmptyQueue({ onAdd }: { onAdd: () => void }) {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <div className="empty-drop">
        <span className="empty-icon">
          <Icon name="download" sizePx={40} />
        </span>
        <h2 id="empty-title">Drop links here</h2>
        <p>Drag links, or .txt files full of links, onto this window. You can also paste them anywhere with Ctrl+V.</p>
        <button type="button" className="button button-primary button-with-label" onClick={onAdd}>
          <Icon name="add" />
          <span>Add downloads</span>
        </button>
      </div>
    </section>
  );
}
