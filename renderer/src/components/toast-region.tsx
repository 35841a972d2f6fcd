// Runtime: renderer. Where short messages appear; screen readers announce them (errors at once).
import { useAppServices } from '../lib/app-services';
import { useToasts } from '../lib/use-toasts';
import { Icon } from './icon';

export function ToastRegion() {
  const toasts = useToasts();
  const { toasts: toastStore } = useAppServices();
  const renderToasts = (kind: 'info' | 'error') =>
    toasts
      .filter((toast) => toast.kind === kind)
      .map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`}>
          {kind === 'error' ? <Icon name="alert" sizePx={16} /> : <Icon name="check" sizePx={16} />}
          <span className="toast-message">{toast.message}</span>
          <button
            type="button"
            className="button button-ghost button-icon-only toast-dismiss"
            aria-label="Dismiss message"
            title="Dismiss message"
            onClick={() => toastStore.dismiss(toast.id)}
          >
            <Icon name="cancel" sizePx={14} />
          </button>
        </div>
      ));
  return (
    <div className="toasts">
      <div role="status" aria-live="polite" className="toast-stack">
        {renderToasts('info')}
      </div>
      <div role="alert" aria-live="assertive" className="toast-stack">
        {renderToasts('error')}
      </div>
    </div>
  );
}
