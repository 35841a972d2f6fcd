// Runtime: renderer. The hint that covers the window while links are dragged over it.
import { Icon } from '../../components/icon';

export function DropOverlay() {
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <Icon name="download" sizePx={40} />
        <p>Drop to download</p>
      </div>
    </div>
  );
}
