import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatBytesPerSecond, formatDuration, parseByteRate } from '../../../shared/byte-format';

const TIMEOUT = { timeout: 5_000 };
const KIB = 1024;
const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

describe('parseByteRate', () => {
  test('reads a plain number as bytes per second', TIMEOUT, () => {
    assert.equal(parseByteRate('1024'), 1024);
    assert.equal(parseByteRate('  500 '), 500);
    assert.equal(parseByteRate('500B'), 500);
    assert.equal(parseByteRate('500 B/s'), 500);
  });

  test('uses binary multiples for k, M and G in any case', TIMEOUT, () => {
    assert.equal(parseByteRate('5M'), 5 * MIB);
    assert.equal(parseByteRate('5m'), 5 * MIB);
    assert.equal(parseByteRate('500k'), 500 * KIB);
    assert.equal(parseByteRate('500K'), 500 * KIB);
    assert.equal(parseByteRate('2G'), 2 * GIB);
  });

  test('accepts B, iB and /s suffixes with or without spaces', TIMEOUT, () => {
    for (const input of ['5MB', '5MiB', '5 MiB/s', '5mib/s', '5 MB / s', '5MB/sec', '5 m']) {
      assert.equal(parseByteRate(input), 5 * MIB, input);
    }
    assert.equal(parseByteRate('800 KB/s'), 800 * KIB);
  });

  test('accepts decimals and rounds to whole bytes', TIMEOUT, () => {
    assert.equal(parseByteRate('1.5M'), 1.5 * MIB);
    assert.equal(parseByteRate('.5k'), 512);
    assert.equal(parseByteRate('0.1k'), 102);
    assert.equal(parseByteRate('2.5'), 3);
  });

  test('rejects zero, negatives and amounts that round to nothing', TIMEOUT, () => {
    for (const input of ['0', '0k', '-5M', '0.0001k', '0.4']) assert.equal(parseByteRate(input), null, input);
  });

  test('rejects anything that is not a rate', TIMEOUT, () => {
    const invalid = ['', '   ', 'fast', 'M', '5X', '5T', '5 iB', '5MM', '1e6', '1,5M', '5.', '5M/h', 'Infinity', 'NaN', '0x10', '5 M B', '5Mbps'];
    for (const input of invalid) assert.equal(parseByteRate(input), null, input);
  });

  test('rejects rates too large to be exact integers', TIMEOUT, () => {
    assert.equal(parseByteRate(`${'9'.repeat(20)}G`), null);
  });
});

describe('formatBytes', () => {
  test('shows bytes below one KiB', TIMEOUT, () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1), '1 B');
    assert.equal(formatBytes(1023), '1023 B');
  });

  test('uses binary units with one decimal below 100 and none above', TIMEOUT, () => {
    assert.equal(formatBytes(KIB), '1.0 KiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(15.3 * MIB), '15.3 MiB');
    assert.equal(formatBytes(153 * GIB), '153 GiB');
    assert.equal(formatBytes(2 * 1024 ** 4), '2.0 TiB');
  });

  test('carries rounding into the next unit instead of showing 1024', TIMEOUT, () => {
    assert.equal(formatBytes(1023.99 * KIB), '1.0 MiB');
    assert.equal(formatBytes(1023.6), '1.0 KiB');
    assert.equal(formatBytes(99.96 * MIB), '100 MiB');
  });

  test('stops at EiB', TIMEOUT, () => {
    assert.equal(formatBytes(2048 * 1024 ** 6), '2048 EiB');
  });

  test('puts a minus sign before negative sizes', TIMEOUT, () => {
    assert.equal(formatBytes(-1536), '-1.5 KiB');
  });

  test('shows a dash for NaN and Infinity', TIMEOUT, () => {
    assert.equal(formatBytes(Number.NaN), '—');
    assert.equal(formatBytes(Number.POSITIVE_INFINITY), '—');
  });
});

describe('formatBytesPerSecond', () => {
  test('appends /s', TIMEOUT, () => {
    assert.equal(formatBytesPerSecond(1.5 * MIB), '1.5 MiB/s');
    assert.equal(formatBytesPerSecond(0), '0 B/s');
  });

  test('shows a dash for an unknown speed', TIMEOUT, () => {
    assert.equal(formatBytesPerSecond(Number.NaN), '—');
  });

  test('shows back what parseByteRate read', TIMEOUT, () => {
    const rate = parseByteRate('5M');
    assert.ok(rate !== null);
    assert.equal(formatBytesPerSecond(rate), '5.0 MiB/s');
  });
});

describe('formatDuration', () => {
  test('shows seconds under a minute', TIMEOUT, () => {
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(42), '42 s');
    assert.equal(formatDuration(42.4), '42 s');
  });

  test('shows minutes and padded seconds under an hour', TIMEOUT, () => {
    assert.equal(formatDuration(185), '3 min 05 s');
    assert.equal(formatDuration(59.6), '1 min 00 s');
    assert.equal(formatDuration(3599), '59 min 59 s');
  });

  test('shows hours and padded minutes under a day', TIMEOUT, () => {
    assert.equal(formatDuration(3725), '1 h 02 min');
    assert.equal(formatDuration(3600), '1 h 00 min');
    assert.equal(formatDuration(86_399), '23 h 59 min');
  });

  test('shows days and padded hours beyond a day', TIMEOUT, () => {
    assert.equal(formatDuration(86_400 + 3 * 3600 + 59), '1 d 03 h');
    assert.equal(formatDuration(40 * 86_400), '40 d 00 h');
  });

  test('shows a dash for null, Infinity, NaN and negative durations', TIMEOUT, () => {
    for (const seconds of [null, Number.POSITIVE_INFINITY, Number.NaN, -1]) assert.equal(formatDuration(seconds), '—', String(seconds));
  });
});
