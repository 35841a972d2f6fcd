// Runtime: renderer. A switch-like checkbox whose label is its accessible name.

export interface SettingsCheckboxProps {
  label: string;
  isChecked: boolean;
  onChange: (isChecked: boolean) => void;
}

export function SettingsCheckbox({ label, isChecked, onChange }: SettingsCheckboxProps) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={isChecked} onChange={(event) => onChange(event.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
