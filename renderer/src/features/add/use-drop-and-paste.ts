// Runtime: renderer. Drop links or .txt files anywhere on the window, or paste them anywhere with Ctrl+V.
import { useEffect, useRef, useState } from 'react';
import { useAppServices } from '../../lib/app-services';
import { readTransferredText } from './read-transferred-text';
import type { LinkSource } from './use-add-links';

const ACCEPTED_TYPES = ['Files', 'text/uri-list', 'text/plain'];

/**
 * Listens on the whole window. Drops and pastes into a text field, or while a dialog is open, are left to the
 * browser, so typing and editing work as usual.
 *
 * @returns Whether something droppable is being dragged over the window.
 */
export function useDropAndPaste(onText: (text: string, source: LinkSource) => Promise<void>): boolean {
  const { toasts } = useAppServices();
  const [isDragActive, setIsDragActive] = useState(false);
  const onTextRef = useRef(onText);
  useEffect(() => {
    onTextRef.current = onText;
  }, [onText]);

  useEffect(() => {
    let depth = 0;
    const receive = (data: DataTransfer, source: LinkSource) => {
      void readTransferredText(data).then(async ({ text, skipped }) => {
        for (const sentence of skipped) toasts.show('error', sentence);
        if (text.trim() !== '' || skipped.length === 0) await onTextRef.current(text, source);
      });
    };
    const isAccepted = (event: DragEvent) => event.dataTransfer !== null && event.dataTransfer.types.some((type) => ACCEPTED_TYPES.includes(type));

    const handleDragEnter = (event: DragEvent) => {
      if (!isAccepted(event) || isInsideEditorOrDialog(event.target)) return;
      event.preventDefault();
      depth += 1;
      setIsDragActive(true);
    };
    const handleDragOver = (event: DragEvent) => {
      if (isInsideEditorOrDialog(event.target)) return;
      // Without this, a dropped file would replace the whole page.
      event.preventDefault();
      if (event.dataTransfer !== null) event.dataTransfer.dropEffect = isAccepted(event) ? 'copy' : 'none';
    };
    const handleDragLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setIsDragActive(false);
    };
    const handleDrop = (event: DragEvent) => {
      depth = 0;
      setIsDragActive(false);
      if (isInsideEditorOrDialog(event.target)) return;
      event.preventDefault();
      if (event.dataTransfer !== null) receive(event.dataTransfer, 'dropped');
    };
    const handlePaste = (event: ClipboardEvent) => {
      if (event.clipboardData === null || isInsideEditorOrDialog(event.target)) return;
      event.preventDefault();
      receive(event.clipboardData, 'pasted');
    };

    window.addEventListener('dragenter', handleDragEnter);
    window.addEventListener('dragover', handleDragOver);
    window.addEventListener('dragleave', handleDragLeave);
    window.addEventListener('drop', handleDrop);
    document.addEventListener('paste', handlePaste);
    return () => {
      window.removeEventListener('dragenter', handleDragEnter);
      window.removeEventListener('dragover', handleDragOver);
      window.removeEventListener('dragleave', handleDragLeave);
      window.removeEventListener('drop', handleDrop);
      document.removeEventListener('paste', handlePaste);
    };
  }, [toasts]);

  return isDragActive;
}

function isInsideEditorOrDialog(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return document.querySelector('dialog[open]') !== null;
  if (target.closest('input, textarea, select, [contenteditable="true"]') !== null) return true;
  return target.closest('dialog') !== null || document.querySelector('dialog[open]') !== null;
}
