import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDefaultSettings } from '../../../../electron/engine/default-settings';
import { checkSettings } from '../../../../electron/engine/settings-check';
import { settingsSchema } from '../../../../shared/download-types';
import {
  SETTINGS_BOOLEAN_KEYS,
  SETTINGS_INTEGER_LIMITS,
  SETTINGS_NULLABLE_INTEGER_LIMITS,
  SETTINGS_TEXT_KEYS,
} from '../../../../shared/settings-limits';

const defaults = createDefaultSettings('/tmp/downloads');

function agree(key: string, value: unknown): void {
  const candidate = { ...defaults, [key]: value };
  const zodAccepts = settingsSchema.safeParse(candidate).success;
  let engineAccepts = true;
  try {
    checkSettings(candidate);
  } catch (error) {
    engineAccepts = false;
    assert.equal((error as { code?: string }).code, 'DL_ERR_INVALID_INPUT');
    assert.match((error as Error).message, new RegExp(key));
  }
  assert.equal(engineAccepts, zodAccepts, `${key} = ${JSON.stringify(value)}: engine ${engineAccepts}, contract ${zodAccepts}`);
}

describe("the engine's settings check", () => {
  test('covers every setting of the contract exactly once', () => {
    const covered = [
      ...SETTINGS_TEXT_KEYS,
      ...Object.keys(SETTINGS_INTEGER_LIMITS),
      ...Object.keys(SETTINGS_NULLABLE_INTEGER_LIMITS),
      ...SETTINGS_BOOLEAN_KEYS,
    ].sort();
    assert.deepEqual(covered, Object.keys(settingsSchema.shape).sort());
  });

  test('accepts the defaults and keeps only known settings', () => {
    assert.deepEqual(checkSettings({ ...defaults, unknownSetting: 1 }), defaults);
  });

  test('accepts and refuses exactly what the contract schema does, at every bound', () => {
    for (const key of SETTINGS_TEXT_KEYS) for (const value of ['', 'x', 5, null]) agree(key, value);
    for (const key of SETTINGS_BOOLEAN_KEYS) for (const value of [true, false, 'true', 0, null]) agree(key, value);
    const bounded = { ...SETTINGS_INTEGER_LIMITS, ...SETTINGS_NULLABLE_INTEGER_LIMITS };
    for (const [key, { min, max }] of Object.entries(bounded)) {
      for (const value of [min - 1, min, min + 0.5, max, max + 1, String(min), null, undefined, Number.NaN]) agree(key, value);
    }
  });
});
