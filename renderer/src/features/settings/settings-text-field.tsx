// Runtime: renderer. A labelled text field with its inline error.
import { useId } from 'react';

export interface SettingsTextFieldProps {
  label: string;
  value: string;
  error: string | null;
  onChange: (value: string) => void;
  type?: 'text' | 'number';
  hint?: string;
  placeholder?: string;
  isWide?: boolean;
}

export function SettingsTextField({ label, value, error, onChange, type = 'text', hint, placeholder, isWide = false }: SettingsTextFieldProps) {
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();
  const describedBy = [error !== null ? errorId : null, hint !== undefined ? hintId : null].filter((id) => id !== null).join(' ');
  return (
    <div className={isWide ? 'field field-wide' : 'field'}>
      <label htmlFor={inputId} className="field-label">
        {label}
      </label>
      <input
        id={inputId}
        className="input"
        type={type}
        value={value}
        placeholder={placeholder}
        aria-invalid={error !== null}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint !== undefined ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error !== null ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
