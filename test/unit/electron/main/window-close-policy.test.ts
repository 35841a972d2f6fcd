import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shouldHideOnClose, type WindowCloseFacts } from '../../../../electron/main/window-close-policy';

const running: WindowCloseFacts = { isQuitting: false, closeToTray: true, hasTray: true, activeCount: 1, queuedCount: 0 };

describe('shouldHideOnClose', () => {
  test('hides to the tray while downloads run and the setting is on', { timeout: 2000 }, () => {
    assert.equal(shouldHideOnClose(running), true);
    assert.equal(shouldHideOnClose({ ...running, activeCount: 0, queuedCount: 2 }), true);
  });

  test('closes for real when quitting, idle, without a tray or with the setting off', { timeout: 2000 }, () => {
    assert.equal(shouldHideOnClose({ ...running, isQuitting: true }), false);
    assert.equal(shouldHideOnClose({ ...running, activeCount: 0 }), false);
    assert.equal(shouldHideOnClose({ ...running, hasTray: false }), false);
    assert.equal(shouldHideOnClose({ ...running, closeToTray: false }), false);
  });
});
