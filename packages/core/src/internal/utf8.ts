/**
 * An answer's bytes as text, for the Node transport: the same string as `bytes.toString("utf8")`,
 * made faster for text that is mostly ASCII with a few other characters, as LiveChat's answers are
 * (names and messages in a Latin alphabet).
 *
 * V8 decodes UTF-8 fast only up to the first byte that is not ASCII; from there on, every byte goes
 * through its slower decoder. One `São Paulo` near the start of a page of 25 chats (58 KB) costs
 * about 65 µs, a quarter of parsing the page's JSON. So the bytes are read in blocks: a block of
 * ASCII (checked with `buffer.isAscii`, at memory speed) is copied as Latin-1, a one-byte copy; only
 * the blocks holding other bytes are decoded as UTF-8; the parts are joined (V8 joins strings
 * without copying, and `JSON.parse` reads the join once). A block never ends inside a character:
 * it is extended past the continuation bytes (`10xxxxxx`) that follow it, so each block is decoded
 * as the whole would be, malformed sequences included (property-tested against `toString`).
 */
import { Buffer, isAscii } from "node:buffer"

/** The bytes of a block, before it is extended to the end of its last character. */
const blockBytes = 4096

/** `bytes` decoded as UTF-8: exactly `bytes.toString("utf8")`. */
export const decode = (bytes: Buffer, block: number = blockBytes): string => {
  const length = bytes.length
  if (length <= block || isAscii(bytes)) {
    return length <= block ? bytes.toString("utf8") : bytes.toString("latin1")
  }
  let text = ""
  let start = 0
  while (start < length) {
    let end = start + block
    if (end >= length) end = length
    else while (end < length && (bytes[end] & 0xc0) === 0x80) end++
    text += isAscii(bytes.subarray(start, end))
      ? bytes.toString("latin1", start, end)
      : bytes.toString("utf8", start, end)
    start = end
  }
  return text
}

/** Chunks of an answer decoded as one text (see {@link decode}). */
export const decodeChunks = (chunks: ReadonlyArray<Buffer>, total: number): string =>
  decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks as Array<Buffer>, total))
