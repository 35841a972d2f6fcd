import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDefaultSettings } from '../../../../../electron/engine/default-settings';
import { readSettingsForm, toSettingsForm } from '../../../../../renderer/src/features/settings/settings-form';

describe('the settings form', () => {
  const settings = { ...createDefaultSettings('/downloads'), globalSpeedLimitBytesPerSecond: 1_234_567 };
  const initial = toSettingsForm(settings);

  test('sends nothing for fields the user did not touch, even a rounded speed limit', { timeout: 1000 }, () => {
    assert.equal(initial.globalSpeedLimit, '1.2 MiB/s');
    assert.deepEqual(readSettingsForm(initial, initial), { ok: true, patch: {} });
  });

  test('reads a typed speed limit like 5M, and an empty one as no limit', { timeout: 1000 }, () => {
    assert.deepEqual(readSettingsForm({ ...initial, globalSpeedLimit: '5M' }, initial), { ok: true, patch: { globalSpeedLimitBytesPerSecond: 5 * 1024 * 1024 } });
    assert.deepEqual(readSettingsForm({ ...initial, globalSpeedLimit: ' ' }, initial), { ok: true, patch: { globalSpeedLimitBytesPerSecond: null } });
  });

  test('answers bad values with sentences and sends nothing', { timeout: 1000 }, () => {
    const result = readSettingsForm({ ...initial, globalSpeedLimit: 'fast', maxActiveDownloads: '0', meteredNow: true }, initial);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.errors.globalSpeedLimit ?? '', /“fast” is not a speed/);
    assert.equal(result.errors.maxActiveDownloads, 'Downloads at once must be a whole number from 1 to 50.');
  });
});
