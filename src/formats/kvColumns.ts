/**
 * What the splitter's one scan of a `key 123` / `Key: 123 kB` line learnt, kept as columns (issue 15:
 * "columns, not records"): the key's hash and end, the value's span and number, the unit's place. The parse
 * of an earlier capture of a series (keyValue.ts peekColumns) reads these instead of scanning the line again.
 * 17 bytes a line, for the lines of a series only; offsets are from the line's start and fit a byte
 * (longer lines are not recorded and are scanned as before).
 */
export class KvColumns {
  /** 0: not a fast line; else LINE_KV or LINE_MEMINFO, with the flags below. */
  readonly shape: Uint8Array;
  /** The key's hash as peekColumns computes it (31 × h + c over the key's characters), masked to 30 bits. */
  readonly hash: Int32Array;
  readonly keyEnd: Uint8Array;
  readonly valueStart: Uint8Array;
  readonly valueEnd: Uint8Array;
  /** Where `kB` starts; 0 when the line has no unit (a key always comes first, so 0 is never a unit). */
  readonly unitAt: Uint8Array;
  readonly value: Float64Array;

  constructor(lines: number) {
    this.shape = new Uint8Array(lines);
    this.hash = new Int32Array(lines);
    this.keyEnd = new Uint8Array(lines);
    this.valueStart = new Uint8Array(lines);
    this.valueEnd = new Uint8Array(lines);
    this.unitAt = new Uint8Array(lines);
    this.value = new Float64Array(lines);
  }
}

/** `key 123` (vmstat's, memory.events') and `Key: 123 kB` (meminfo's) lines, as quickShape names them. */
export const LINE_KV = 1;
export const LINE_MEMINFO = 2;
/** The line's spans and number are in the columns. */
export const RECORDED = 4;
/** A sign before the digits (`-5`): the peek leaves such a line to the parser. */
export const SIGNED = 8;
/** The key holds `limit` (a v1 memory.stat key under a vmstat name): the peek leaves the capture to the parser. */
export const HAS_LIMIT = 16;
