// Runtime: renderer. A button that opens a small menu. The menu is portalled to <body> with fixed positioning, so
// the virtualized list's clipping and stacking never hide it.
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { Icon, type IconName } from './icon';

export interface MenuEntry {
  label: string;
  icon: IconName;
  onSelect: () => void;
  isDanger?: boolean;
}

export interface MenuButtonProps {
  /** The accessible name of the button, e.g. "More actions for report.pdf". */
  label: string;
  entries: readonly MenuEntry[];
}

interface MenuPosition {
  topPx: number;
  rightPx: number;
  isAbove: boolean;
}

const MENU_GAP_PX = 4;
const ESTIMATED_ENTRY_HEIGHT_PX = 34;

export function MenuButton({ label, entries }: MenuButtonProps) {
  const [position, setPosition] = useState<MenuPosition | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();
  const isOpen = position !== null;

  const open = () => {
    const button = buttonRef.current;
    if (button === null) return;
    const rect = button.getBoundingClientRect();
    const heightPx = entries.length * ESTIMATED_ENTRY_HEIGHT_PX + 12;
    const isAbove = rect.bottom + heightPx + MENU_GAP_PX > window.innerHeight && rect.top > heightPx;
    setPosition({
      topPx: isAbove ? rect.top - heightPx - MENU_GAP_PX : rect.bottom + MENU_GAP_PX,
      rightPx: Math.max(4, window.innerWidth - rect.right),
      isAbove,
    });
  };

  const close = (shouldFocusButton: boolean) => {
    setPosition(null);
    if (shouldFocusButton) buttonRef.current?.focus();
  };

  useLayoutEffect(() => {
    if (!isOpen) return;
    menuRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [isOpen]);

  useEffect(() => {
    if (!isOpen) return;
    const closeOnOutsidePointer = (event: PointerEvent) => {
      const target = event.target;
      if (target instanceof Node && (menuRef.current?.contains(target) || buttonRef.current?.contains(target))) return;
      setPosition(null);
    };
    const closeOnScroll = () => setPosition(null);
    document.addEventListener('pointerdown', closeOnOutsidePointer, true);
    window.addEventListener('scroll', closeOnScroll, true);
    window.addEventListener('resize', closeOnScroll);
    return () => {
      document.removeEventListener('pointerdown', closeOnOutsidePointer, true);
      window.removeEventListener('scroll', closeOnScroll, true);
      window.removeEventListener('resize', closeOnScroll);
    };
  }, [isOpen]);

  const moveFocus = (step: number) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    if (items.length === 0) return;
    const index = items.findIndex((item) => item === document.activeElement);
    items[(index + step + items.length) % items.length]?.focus();
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="button button-ghost button-icon-only"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        onClick={() => (isOpen ? close(false) : open())}
      >
        <Icon name="more" />
      </button>
      {position === null
        ? null
        : createPortal(
            <ul
              ref={menuRef}
              id={menuId}
              role="menu"
              aria-label={label}
              className={position.isAbove ? 'menu menu-above' : 'menu'}
              style={{ top: position.topPx, right: position.rightPx }}
              onKeyDown={(event) => {
                if (event.key === 'Escape') {
                  event.preventDefault();
                  event.stopPropagation();
                  close(true);
                } else if (event.key === 'ArrowDown') {
                  event.preventDefault();
                  moveFocus(1);
                } else if (event.key === 'ArrowUp') {
                  event.preventDefault();
                  moveFocus(-1);
                } else if (event.key === 'Tab') {
                  close(false);
                }
              }}
            >
              {entries.map((entry) => (
                <li key={entry.label} role="none">
                  <button
                    type="button"
                    role="menuitem"
                    className={entry.isDanger === true ? 'menu-item menu-item-danger' : 'menu-item'}
                    onClick={() => {
                      close(true);
                      entry.onSelect();
                    }}
                  >
                    <Icon name={entry.icon} sizePx={16} />
                    <span>{entry.label}</span>
                  </button>
                </li>
              ))}
            </ul>,
            document.body,
          )}
    </>
  );
}
