// Runtime: renderer. A modal built on the native <dialog>: focus stays inside, Escape closes, the page behind is inert.
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { Icon } from './icon';

export interface ModalDialogProps {
  title: string;
  /** Called for Escape, the close button and a click on the backdrop. */
  onClose: () => void;
  children: ReactNode;
  /** Extra class for sizing, e.g. "dialog-wide". */
  className?: string;
}

/** Render it only while it is open: it opens itself when mounted. */
export function ModalDialog({ title, onClose, children, className }: ModalDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useLayoutEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    const handleCancel = (event: Event) => {
      // The parent decides when the dialog goes away (it unmounts it); the browser must not close it on its own.
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', handleCancel);
    return () => {
      dialog.removeEventListener('cancel', handleCancel);
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className={['dialog', className].filter((value) => value !== undefined).join(' ')}
      aria-labelledby={titleId}
      onMouseDown={(event) => {
        if (event.target === dialogRef.current) onCloseRef.current();
      }}
    >
      <div className="dialog-body">
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="button button-ghost button-icon-only" aria-label="Close" title="Close" onClick={() => onCloseRef.current()}>
            <Icon name="cancel" />
          </button>
        </header>
        {children}
      </div>
    </dialog>
  );
}
