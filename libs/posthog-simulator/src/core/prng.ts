// Builtins bound once at module level: global lookups are slow inside jest's vm contexts, and seeds call these
// tens of millions of times.
const { imul, floor, max } = Math;
const fromCharCode = String.fromCharCode;

/**
 * A small seeded PRNG (mulberry32) so seeds are reproducible without a faker dependency.
 * Not for anything security related.
 */
export class Prng {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A few distinct items, order kept from `items`. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(floor(this.next() * items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += ((this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  /** Random (version 4 shaped) UUID. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /**
   * Time-ordered (version 7 shaped) UUID, like the ones PostHog assigns to events. Written character by character
   * into one flat string: the seeds make millions of these, and sliced/concatenated strings would keep their
   * fragments alive and triple the memory.
   */
  uuidV7(timestampMs: number): string {
    const ts = max(0, floor(timestampMs));
    const high = floor(ts / 0x1000000);
    const low = ts % 0x1000000;
    const a = (this.next() * 0x100000000) >>> 0;
    const b = (this.next() * 0x100000000) >>> 0;
    const c = (this.next() * 0x100000000) >>> 0;
    const out = UUID_BUFFER;
    writeHex(out, 0, high, 6);
    writeHex(out, 6, low >>> 16, 2);
    out[8] = DASH;
    writeHex(out, 9, low & 0xffff, 4);
    out[13] = DASH;
    out[14] = HEX_CODES[7];
    writeHex(out, 15, a >>> 20, 3);
    out[18] = DASH;
    out[19] = HEX_CODES[8 | ((a >>> 18) & 0x3)];
    writeHex(out, 20, (a >>> 6) & 0xfff, 3);
    out[23] = DASH;
    writeHex(out, 24, b, 8);
    writeHex(out, 32, c >>> 16, 4);
    return fromCharCode.apply(null, out as unknown as number[]);
  }
}

const HEX_CODES = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
const UUID_BUFFER = new Uint8Array(36);

function writeHex(out: Uint8Array, at: number, value: number, digits: number): void {
  for (let i = digits - 1; i >= 0; i--) {
    out[at + i] = HEX_CODES[value & 0xf];
    value = floor(value / 16);
  }
}

function hashString(input: string): number {
  let h = 2166136261;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = imul(h, 16777619);
  }
  return h >>> 0;
}
