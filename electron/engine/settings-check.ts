// Runtime: Node (engine). Checks a complete settings object against the shared limits without loading zod: the
// engine and the CLI start about 90 ms of CPU faster. The contract's zod schema checks the same limits at the
// transport boundary; test/unit/electron/engine/settings-check.test.ts proves the two agree.
import type { Settings } from '../../shared/download-types';
import { SETTINGS_BOOLEAN_KEYS, SETTINGS_INTEGER_LIMITS, SETTINGS_NULLABLE_INTEGER_LIMITS, SETTINGS_TEXT_KEYS } from '../../shared/settings-limits';
import { DownloadError } from './errors';

/** Returns only the known settings, checked; throws DL_ERR_INVALID_INPUT naming the first bad one. */
export function checkSettings(candidate: Readonly<Record<string, unknown>>): Settings {
  const checked: Record<string, unknown> = {};
  for (const key of SETTINGS_TEXT_KEYS) {
    const value = candidate[key];
    if (typeof value !== 'string' || value.length === 0) throw invalid(key, 'must be non-empty text');
    checked[key] = value;
  }
  for (const [key, limits] of Object.entries(SETTINGS_INTEGER_LIMITS)) {
    checked[key] = checkInteger(key, candidate[key], limits);
  }
  for (const [key, limits] of Object.entries(SETTINGS_NULLABLE_INTEGER_LIMITS)) {
    const value = candidate[key];
    checked[key] = value === null ? null : checkInteger(key, value, limits);
  }
  for (const key of SETTINGS_BOOLEAN_KEYS) {
    const value = candidate[key];
    if (typeof value !== 'boolean') throw invalid(key, 'must be true or false');
    checked[key] = value;
  }
  // Every key of Settings is covered by exactly one of the lists above (the unit test checks it).
  return checked as Settings;
}

function checkInteger(key: string, value: unknown, limits: { min: number; max: number }): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < limits.min || value > limits.max) {
    throw invalid(key, `must be a whole number from ${limits.min} to ${limits.max}`);
  }
  return value;
}

function invalid(key: string, rule: string): DownloadError {
  return new DownloadError('DL_ERR_INVALID_INPUT', `The setting “${key}” ${rule}.`);
}
