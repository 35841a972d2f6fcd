// Runtime: renderer. A button that always has an accessible name, shown as a tooltip when only the icon is visible.
import type { ButtonHTMLAttributes, Ref } from 'react';
import { Icon, type IconName } from './icon';

export type ButtonVariant = 'plain' | 'primary' | 'danger' | 'ghost';

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children' | 'aria-label'> {
  icon: IconName;
  /** The accessible name; also the tooltip, and the visible text when `isLabelShown`. */
  label: string;
  isLabelShown?: boolean;
  /** Shorter visible text when the accessible name says more (it must start the same way). */
  text?: string;
  variant?: ButtonVariant;
  buttonRef?: Ref<HTMLButtonElement>;
}

export function IconButton({ icon, label, isLabelShown = false, text, variant = 'ghost', buttonRef, className, title, ...rest }: IconButtonProps) {
  const isTextShown = isLabelShown || text !== undefined;
  const classes = ['button', `button-${variant}`, isTextShown ? 'button-with-label' : 'button-icon-only', className]
    .filter((value) => value !== undefined)
    .join(' ');
  return (
    <button
      type="button"
      {...rest}
      ref={buttonRef}
      className={classes}
      aria-label={label}
      title={title ?? (isLabelShown ? undefined : label)}
    >
      <Icon name={icon} />
      {isTextShown ? <span>{text ?? label}</span> : null}
    </button>
  );
}
