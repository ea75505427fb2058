/**
 * The Node transport's text of an answer (`internal/utf8.ts`): read in blocks as its chunks
 * arrive, ASCII ones copied as Latin-1, it is exactly what `Buffer#toString("utf8")` makes of the
 * same bytes, for any bytes (valid UTF-8 of every width, malformed and truncated sequences, lone
 * continuation bytes), any block size and any cuts between chunks, characters cut anywhere.
 */
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Buffer } from "node:buffer"
import * as Utf8 from "../src/internal/utf8.js"

/** `input` written whole to a decoder of blocks of `block` bytes (the default: 4 KB). */
const decode = (input: Buffer, block?: number): string => {
  const decoder = new Utf8.Decoder(block)
  decoder.write(input)
  return decoder.end()
}

/** Bytes as answers hold them: runs of ASCII, characters of 2 to 4 bytes, and broken pieces. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 40 }).map((s) => Buffer.from(s, "latin1")) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }).map((s) => Buffer.from(s, "utf8")) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constantFrom(0x80, 0xbf, 0xc3, 0xe2, 0xf0, 0xff).map((byte) => Buffer.from([byte])) }
)
const bytes = fc.array(piece, { maxLength: 60 }).map((pieces) => Buffer.concat(pieces))

describe("an answer's text on the Node transport", () => {
  it.prop(
    "is the bytes' UTF-8 decoding, whatever the bytes and the block size",
    [bytes, fc.integer({ min: 1, max: 64 })],
    ([input, block]) => {
      expect(decode(input, block)).toBe(input.toString("utf8"))
    },
    { fastCheck: { numRuns: 2_000 } }
  )

  it.prop(
    "is the same from the chunks the bytes arrived in, cut anywhere",
    [bytes, fc.array(fc.nat(), { maxLength: 5 }), fc.integer({ min: 1, max: 64 })],
    ([input, cuts, block]) => {
      const at = [...new Set(cuts.map((cut) => cut % (input.length + 1)))].sort((a, b) => a - b)
      const chunks = [0, ...at].map((from, i, all) => input.subarray(from, all[i + 1] ?? input.length))
      const decoder = new Utf8.Decoder(block)
      for (const chunk of chunks) decoder.write(chunk)
      expect(decoder.end()).toBe(input.toString("utf8"))
      // Emptied: the same decoder reads the next answer from scratch.
      decoder.write(input)
      expect(decoder.end()).toBe(input.toString("utf8"))
    },
    { fastCheck: { numRuns: 2_000 } }
  )

  it("a page of mostly ASCII with a few other characters, at the default block size", () => {
    const text = JSON.stringify({
      chats: Array.from({ length: 400 }, (_, i) => ({
        city: i % 97 === 0 ? "São Paulo" : "Berlin",
        text: i % 131 === 0 ? "Grüße 😀 日本" : "Hello, how can I help you?"
      }))
    })
    const input = Buffer.from(text, "utf8")
    expect(input.length).toBeGreaterThan(4096 * 4)
    expect(decode(input)).toBe(text)
    expect(decode(Buffer.from(text.replace(/[^\x00-\x7f]/g, "?"), "utf8"))).toBe(
      text.replace(/[^\x00-\x7f]/g, "?")
    )
  })
})
