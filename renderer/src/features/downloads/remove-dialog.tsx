// Runtime: renderer. Asks whether removing should also delete the files.
import { ModalDialog } from '../../components/modal-dialog';

export interface RemoveDialogProps {
  count: number;
  /** The name when exactly one item is removed. */
  name: string | null;
  onRemove: (deleteFiles: boolean) => void;
  onClose: () => void;
}

export function RemoveDialog({ count, name, onRemove, onClose }: RemoveDialogProps) {
  const what = count === 1 && name !== null ? `“${name}”` : `${count.toLocaleString()} downloads`;
  return (
    <ModalDialog title={count === 1 ? 'Remove download' : 'Remove downloads'} onClose={onClose}>
      <p>
        Remove {what} from the list? Unfinished downloads lose their partial data either way. Finished files stay on
        disk unless you delete them too.
      </p>
      <div className="dialog-actions">
        <button type="button" className="button button-plain button-with-label" onClick={onClose}>
          <span>Keep</span>
        </button>
        <button type="button" className="button button-danger button-with-label" onClick={() => onRemove(true)}>
          <span>Remove and delete files</span>
        </button>
        <button type="button" className="button button-primary button-with-label" autoFocus onClick={() => onRemove(false)}>
          <span>Remove, keep files</span>
        </button>
      </div>
    </ModalDialog>
  );
}
