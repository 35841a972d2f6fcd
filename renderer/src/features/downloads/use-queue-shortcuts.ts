// Runtime: renderer. The queue's keys anywhere in the window: Delete, Space, Ctrl+A, Escape. Ctrl+V is the paste
// handler's. Keys typed into a field, or while a dialog is open, are left alone.
import { useEffect, useRef } from 'react';

export interface QueueShortcutHandlers {
  onDelete: () => void;
  onTogglePause: () => void;
  onSelectAll: () => void;
  onClearSelection: () => void;
}

export function useQueueShortcuts(handlers: QueueShortcutHandlers): void {
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  }, [handlers]);

  useEffect(() => {
    const handleKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || document.querySelector('dialog[open]') !== null) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="menu"]') != null) return;
      const isCommand = event.ctrlKey || event.metaKey;
      if (event.key === 'Delete' && !isCommand) {
        event.preventDefault();
        handlersRef.current.onDelete();
      } else if (event.key === ' ' && !isCommand) {
        // Space on a focused button presses that button.
        if (target?.closest('button, a, summary') != null) return;
        event.preventDefault();
        handlersRef.current.onTogglePause();
      } else if (isCommand && event.key.toLowerCase() === 'a') {
        event.preventDefault();
        handlersRef.current.onSelectAll();
      } else if (event.key === 'Escape') {
        handlersRef.current.onClearSelection();
      }
    };
    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, []);
}
