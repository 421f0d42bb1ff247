/**
 * Dictionary-encodes byte strings without decoding them: an open-addressing
 * hash table over the bytes, so each distinct value is stored (and later
 * decoded) once however many rows repeat it.
 *
 * @module
 */

/** FNV-1a offset basis; hash bytes with `h = Math.imul(h ^ byte, FNV_PRIME)`. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
/** FNV-1a prime. */
export const FNV_PRIME = 0x01000193;

/** Hashes `bytes[start..end)` the same way the CSV scanner does inline. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], FNV_PRIME);
  return h;
}

/**
 * Distinct byte strings, each mapped to a dense key 0..size-1. Strings listed
 * as null values map to -1 instead, so a null check costs nothing per row.
 */
export class ByteDictionary {
  /** Number of distinct non-null values (the next key). */
  size = 0;
  /** Concatenated bytes of the non-null values, in key order. */
  bytes: Uint8Array = new Uint8Array(1024);
  /** `offsets[k]..offsets[k+1]` spans value k in {@link bytes}. Length size+1 once finished. */
  offsets: Int32Array = new Int32Array(257);
  #byteLength = 0;
  // hash table: slot -> entry index + 1 (0 = empty)
  #slots = new Int32Array(1024);
  #mask = 1023;
  // per entry: its hash, its key (-1 for a null value), where its bytes are
  #hash = new Int32Array(256);
  #key = new Int32Array(256);
  #start = new Int32Array(256);
  #len = new Int32Array(256);
  #entries = 0;
  #nullValues: Uint8Array[];

  /** `nullValues` are byte strings that mean null (looked up once per distinct value). */
  constructor(nullValues: Uint8Array[] = []) {
    this.#nullValues = nullValues;
  }

  /**
   * The key of `src[start..end)` whose FNV-1a hash is `h`, adding it when new;
   * -1 when the value is one of the null values.
   */
  lookup(src: Uint8Array, start: number, end: number, h: number): number {
    const len = end - start;
    const slots = this.#slots;
    const mask = this.#mask;
    let slot = h & mask;
    for (;;) {
      const e = slots[slot];
      if (e === 0) break;
      const i = e - 1;
      if (this.#hash[i] === h && this.#len[i] === len) {
        const at = this.#start[i];
        const bytes = this.#keyBytes(i);
        let j = 0;
        while (j < len && bytes[at + j] === src[start + j]) j++;
        if (j === len) return this.#key[i];
      }
      slot = (slot + 1) & mask;
    }
    return this.#insert(src, start, end, h, slot);
  }

  #nullBytes: Uint8Array = new Uint8Array(0);

  #keyBytes(i: number): Uint8Array {
    return this.#key[i] < 0 ? this.#nullBytes : this.bytes;
  }

  #insert(src: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const len = end - start;
    const i = this.#entries++;
    if (i === this.#hash.length) this.#growEntries();
    this.#hash[i] = h;
    this.#len[i] = len;
    let key: number;
    if (this.#isNull(src, start, end)) {
      key = -1;
      const nb = new Uint8Array(this.#nullBytes.length + len);
      nb.set(this.#nullBytes);
      nb.set(src.subarray(start, end), this.#nullBytes.length);
      this.#start[i] = this.#nullBytes.length;
      this.#nullBytes = nb;
    } else {
      key = this.size++;
      if (this.#byteLength + len > this.bytes.length) {
        const nb = new Uint8Array(Math.max(this.bytes.length * 2, this.#byteLength + len));
        nb.set(this.bytes.subarray(0, this.#byteLength));
        this.bytes = nb;
      }
      this.bytes.set(src.subarray(start, end), this.#byteLength);
      this.#start[i] = this.#byteLength;
      this.#byteLength += len;
      if (key + 1 >= this.offsets.length) {
        const no = new Int32Array(this.offsets.length * 2);
        no.set(this.offsets);
        this.offsets = no;
      }
      this.offsets[key + 1] = this.#byteLength;
    }
    this.#key[i] = key;
    this.#slots[slot] = i + 1;
    if (this.#entries * 2 > this.#slots.length) this.#rehash();
    return key;
  }

  #isNull(src: Uint8Array, start: number, end: number): boolean {
    const len = end - start;
    outer: for (const nv of this.#nullValues) {
      if (nv.length !== len) continue;
      for (let j = 0; j < len; j++) if (nv[j] !== src[start + j]) continue outer;
      return true;
    }
    return false;
  }

  #growEntries(): void {
    const grow = (a: Int32Array) => {
      const n = new Int32Array(a.length * 2);
      n.set(a);
      return n;
    };
    this.#hash = grow(this.#hash);
    this.#key = grow(this.#key);
    this.#start = grow(this.#start);
    this.#len = grow(this.#len);
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.#entries; i++) {
      let s = this.#hash[i] & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
    this.#slots = slots;
    this.#mask = mask;
  }

  /** The value bytes trimmed to their length, and offsets of length size+1. */
  finish(): { bytes: Uint8Array; offsets: Int32Array } {
    return { bytes: this.bytes.subarray(0, this.#byteLength), offsets: this.offsets.subarray(0, this.size + 1) };
  }
}
