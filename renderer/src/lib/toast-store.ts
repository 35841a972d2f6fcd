// Runtime: renderer. Short messages for the user ("Added 3 downloads.", an error sentence), shown by ToastRegion.

/** `error` toasts are announced assertively and stay longer. */
export type ToastKind = 'info' | 'error';

export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly message: string;
}

const INFO_LIFETIME_MS = 5000;
const ERROR_LIFETIME_MS = 10_000;
const MAX_TOASTS = 4;

/** A tiny external store for useSyncExternalStore. */
export class ToastStore {
  private toasts: readonly Toast[] = [];
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): readonly Toast[] => this.toasts;

  /** Shows a message; it disappears by itself after a few seconds. */
  show(kind: ToastKind, message: string): void {
    const toast: Toast = { id: this.nextId++, kind, message };
    this.toasts = [...this.toasts, toast].slice(-MAX_TOASTS);
    this.publish();
    setTimeout(() => this.dismiss(toast.id), kind === 'error' ? ERROR_LIFETIME_MS : INFO_LIFETIME_MS);
  }

  dismiss(id: number): void {
    const next = this.toasts.filter((toast) => toast.id !== id);
    if (next.length === this.toasts.length) return;
    this.toasts = next;
    this.publish();
  }

  private publish(): void {
    for (const listener of this.listeners) listener();
  }
}
