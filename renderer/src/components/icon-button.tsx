// Runtime: renderer. A button that always has an accessible name, shown as a tooltip when only the icon is visible.
import type { ButtonHTMLAttributes, Ref } from 'react';
import { Icon, type IconName } from './icon';

export type ButtonVariant = 'plain' | 'primary' | 'danger' | 'ghost';

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children' | 'aria-label'> {
  icon: IconName;
  /** The accessible name; also the tooltip, and the visible text when `isLabelShown`. */
  label: string;
  isLabelShown?: boolean;
  variant?: ButtonVariant;
  buttonRef?: Ref<HTMLButtonElement>;
}

export function IconButton({ icon, label, isLabelShown = false, variant = 'ghost', buttonRef, className, ...rest }: IconButtonProps) {
  const classes = ['button', `button-${variant}`, isLabelShown ? 'button-with-label' : 'button-icon-only', className]
    .filter((value) => value !== undefined)
    .join(' ');
  return (
    <button type="button" {...rest} ref={buttonRef} className={classes} aria-label={label} title={isLabelShown ? undefined : label}>
      <Icon name={icon} />
      {isLabelShown ? <span>{label}</span> : null}
    </button>
  );
}
