import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EXPIRY_ETA_STRETCH_FACTOR,
  EXPIRY_SAFETY_MARGIN_MS,
  describeLinkExpiry,
  detectLinkExpiry,
  isLikelyToExpireBeforeFinish,
} from '../../../shared/signed-link-expiry';

const TIMEOUT = { timeout: 5_000 };
const NOON_2025_MS = Date.UTC(2025, 0, 1, 12, 0, 0);
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

// CloudFront's URL-safe base64: "+=/" become "-_~".
function encodeCloudFrontPolicy(policy: unknown): string {
  return Buffer.from(JSON.stringify(policy)).toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');
}

describe('detectLinkExpiry', () => {
  test('reads an AWS SigV4 presigned URL', TIMEOUT, () => {
    const url =
      'https://bucket.s3.eu-west-1.amazonaws.com/big.iso?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
      '&X-Amz-Credential=AKIA%2F20250101%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20250101T120000Z' +
      '&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123';
    assert.deepEqual(detectLinkExpiry(url), { provider: 'aws', expiresAtMs: NOON_2025_MS + 900_000 });
  });

  test('matches query parameter names in any case', TIMEOUT, () => {
    const url = 'https://b.s3.amazonaws.com/k?x-amz-date=20250101T120000Z&X-AMZ-EXPIRES=60&x-amz-signature=s';
    assert.deepEqual(detectLinkExpiry(url), { provider: 'aws', expiresAtMs: NOON_2025_MS + 60_000 });
  });

  test('reads an AWS SigV2 link with Expires and AWSAccessKeyId', TIMEOUT, () => {
    const url = 'https://bucket.s3.amazonaws.com/file.zip?AWSAccessKeyId=AKIA&Expires=1735732800&Signature=abc%3D';
    assert.deepEqual(detectLinkExpiry(url), { provider: 'aws', expiresAtMs: 1_735_732_800_000 });
  });

  test('reads a Google Cloud Storage V4 signed URL', TIMEOUT, () => {
    const url =
      'https://storage.googleapis.com/bucket/obj?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=x' +
      '&X-Goog-Date=20250101T120000Z&X-Goog-Expires=3600&X-Goog-SignedHeaders=host&X-Goog-Signature=ff';
    assert.deepEqual(detectLinkExpiry(url), { provider: 'gcs', expiresAtMs: NOON_2025_MS + HOUR_MS });
  });

  test('reads a Google Cloud Storage V2 signed URL', TIMEOUT, () => {
    const url = 'https://storage.googleapis.com/bucket/obj?GoogleAccessId=sa%40p.iam&Expires=1735732800&Signature=x';
    assert.deepEqual(detectLinkExpiry(url), { provider: 'gcs', expiresAtMs: 1_735_732_800_000 });
  });

  test('reads an Azure SAS expiry in its accepted ISO forms', TIMEOUT, () => {
    const base = 'https://acct.blob.core.windows.net/c/blob.bin?sv=2022-11-02&sr=b&sp=r&sig=abc%3D&se=';
    assert.deepEqual(detectLinkExpiry(`${base}2025-01-01T12%3A00%3A00Z`), { provider: 'azure', expiresAtMs: NOON_2025_MS });
    assert.deepEqual(detectLinkExpiry(`${base}2025-01-01T12:00Z`), { provider: 'azure', expiresAtMs: NOON_2025_MS });
    assert.deepEqual(detectLinkExpiry(`${base}2025-01-01T12:00:00.1234567Z`), { provider: 'azure', expiresAtMs: NOON_2025_MS });
    assert.deepEqual(detectLinkExpiry(`${base}2025-01-01`), { provider: 'azure', expiresAtMs: Date.UTC(2025, 0, 1) });
    assert.deepEqual(detectLinkExpiry(`${base}2025-01-01T13:00:00%2B01:00`), { provider: 'azure', expiresAtMs: NOON_2025_MS });
    assert.deepEqual(detectLinkExpiry(`${base}2025-01-01T13:00:00+01:00`), { provider: 'azure', expiresAtMs: NOON_2025_MS });
    assert.deepEqual(detectLinkExpiry(`${base}2025-01-01T07:00:00-0500`), { provider: 'azure', expiresAtMs: NOON_2025_MS });
  });

  test('reads a CloudFront canned-policy link', TIMEOUT, () => {
    const url = 'https://d111111abcdef8.cloudfront.net/video.mp4?Expires=1735732800&Signature=abc~def_&Key-Pair-Id=K2JCJMDEHXQW5F';
    assert.deepEqual(detectLinkExpiry(url), { provider: 'cloudfront', expiresAtMs: 1_735_732_800_000 });
  });

  test('reads a CloudFront custom-policy link from DateLessThan', TIMEOUT, () => {
    const policy = encodeCloudFrontPolicy({
      Statement: [{ Resource: 'https://d1.cloudfront.net/*', Condition: { DateLessThan: { 'AWS:EpochTime': 1_735_732_800 } } }],
    });
    const url = `https://d1.cloudfront.net/a.bin?Policy=${policy}&Signature=x&Key-Pair-Id=K1`;
    assert.deepEqual(detectLinkExpiry(url), { provider: 'cloudfront', expiresAtMs: 1_735_732_800_000 });
  });

  test('returns null for a CloudFront policy it cannot read', TIMEOUT, () => {
    const withoutDate = encodeCloudFrontPolicy({ Statement: [{ Condition: {} }] });
    for (const policy of ['', '!!!', 'bm90IGpzb24', withoutDate, encodeCloudFrontPolicy({ Statement: [{ Condition: { DateLessThan: { 'AWS:EpochTime': '1' } } }] })]) {
      assert.equal(detectLinkExpiry(`https://d1.cloudfront.net/a?Policy=${policy}&Signature=x&Key-Pair-Id=K1`), null, policy);
    }
  });

  test('needs every parameter of a scheme before claiming an expiry', TIMEOUT, () => {
    const incomplete = [
      'https://h/k?X-Amz-Date=20250101T120000Z',
      'https://h/k?X-Amz-Expires=900',
      'https://h/k?Expires=1735732800',
      'https://h/k?Expires=1735732800&Signature=x',
      'https://h/k?se=2025-01-01T12:00:00Z',
      'https://h/k?sig=abc',
      'https://h/k?X-Goog-Expires=60',
    ];
    for (const url of incomplete) assert.equal(detectLinkExpiry(url), null, url);
  });

  test('returns null for malformed values', TIMEOUT, () => {
    const malformed = [
      'https://h/k?X-Amz-Date=2025-01-01T12:00:00Z&X-Amz-Expires=900',
      'https://h/k?X-Amz-Date=20250101T120000Z&X-Amz-Expires=-5',
      'https://h/k?X-Amz-Date=20250101T120000Z&X-Amz-Expires=9e9',
      'https://h/k?X-Amz-Date=20250230T120000Z&X-Amz-Expires=60',
      'https://h/k?X-Amz-Date=20250101T250000Z&X-Amz-Expires=60',
      'https://h/k?AWSAccessKeyId=A&Expires=soon',
      'https://h/k?AWSAccessKeyId=A&Expires=1.5',
      'https://h/k?sig=a&se=tomorrow',
      'https://h/k?sig=a&se=2025-13-01',
      'https://h/k?Expires=abc&Signature=x&Key-Pair-Id=K',
    ];
    for (const url of malformed) assert.equal(detectLinkExpiry(url), null, url);
  });

  test('returns null for ordinary links and non-URLs', TIMEOUT, () => {
    assert.equal(detectLinkExpiry('https://example.com/file.zip?expires=tomorrow'), null);
    assert.equal(detectLinkExpiry('https://example.com/file.zip'), null);
    assert.equal(detectLinkExpiry('not a url'), null);
    assert.equal(detectLinkExpiry(''), null);
  });
});

describe('describeLinkExpiry', () => {
  test('counts whole minutes left, rounded down', TIMEOUT, () => {
    assert.equal(describeLinkExpiry(14 * MINUTE_MS + 59_000, 0), 'link expires in 14 min');
    assert.equal(describeLinkExpiry(NOON_2025_MS + MINUTE_MS, NOON_2025_MS), 'link expires in 1 min');
    assert.equal(describeLinkExpiry(89 * MINUTE_MS, 0), 'link expires in 89 min');
  });

  test('says less than a minute when under a minute is left', TIMEOUT, () => {
    assert.equal(describeLinkExpiry(59_999, 0), 'link expires in less than a minute');
    assert.equal(describeLinkExpiry(1, 0), 'link expires in less than a minute');
  });

  test('describes a link that has expired', TIMEOUT, () => {
    assert.equal(describeLinkExpiry(0, 3 * MINUTE_MS + 10_000), 'link expired 3 min ago');
    assert.equal(describeLinkExpiry(0, 0), 'link expired less than a minute ago');
    assert.equal(describeLinkExpiry(0, 5 * HOUR_MS), 'link expired 5 h ago');
  });

  test('switches to hours at 90 minutes and to days at 48 hours', TIMEOUT, () => {
    assert.equal(describeLinkExpiry(90 * MINUTE_MS, 0), 'link expires in 1 h');
    assert.equal(describeLinkExpiry(3 * HOUR_MS, 0), 'link expires in 3 h');
    assert.equal(describeLinkExpiry(47 * HOUR_MS + 59 * MINUTE_MS, 0), 'link expires in 47 h');
    assert.equal(describeLinkExpiry(7 * 24 * HOUR_MS, 0), 'link expires in 7 days');
  });
});

describe('isLikelyToExpireBeforeFinish', () => {
  test('is true for an expired link whatever the ETA', TIMEOUT, () => {
    assert.equal(isLikelyToExpireBeforeFinish(1_000, 1_000, 1), true);
    assert.equal(isLikelyToExpireBeforeFinish(0, 1_000, null), true);
  });

  test('is false with plenty of time left', TIMEOUT, () => {
    assert.equal(isLikelyToExpireBeforeFinish(HOUR_MS, 0, 600), false);
  });

  test('is true when the ETA reaches past the expiry', TIMEOUT, () => {
    assert.equal(isLikelyToExpireBeforeFinish(10 * MINUTE_MS, 0, 20 * 60), true);
  });

  test('leaves a margin for a wobbling ETA', TIMEOUT, () => {
    const etaSeconds = 600;
    const boundaryMs = etaSeconds * 1000 * EXPIRY_ETA_STRETCH_FACTOR + EXPIRY_SAFETY_MARGIN_MS;
    assert.equal(isLikelyToExpireBeforeFinish(etaSeconds * 1000 + 1_000, 0, etaSeconds), true);
    assert.equal(isLikelyToExpireBeforeFinish(boundaryMs - 1, 0, etaSeconds), true);
    assert.equal(isLikelyToExpireBeforeFinish(boundaryMs + 1, 0, etaSeconds), false);
  });

  test('is false for a live link when the ETA is unknown', TIMEOUT, () => {
    assert.equal(isLikelyToExpireBeforeFinish(MINUTE_MS, 0, null), false);
    assert.equal(isLikelyToExpireBeforeFinish(MINUTE_MS, 0, Number.POSITIVE_INFINITY), false);
    assert.equal(isLikelyToExpireBeforeFinish(MINUTE_MS, 0, Number.NaN), false);
  });
});
