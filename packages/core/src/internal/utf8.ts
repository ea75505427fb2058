/**
 * An answer's bytes as text, for the Node transport, decoded as they arrive: the same string as
 * `Buffer.concat(chunks).toString("utf8")`, made faster for text that is mostly ASCII with a few
 * other characters, as LiveChat's answers are (names and messages in a Latin alphabet), and
 * without holding the socket's buffers.
 *
 * V8 decodes UTF-8 fast only up to the first byte that is not ASCII; from there on, every byte goes
 * through its slower decoder. One `São Paulo` near the start of a page of 25 chats (58 KB) costs
 * about 65 µs, a quarter of parsing the page's JSON. So each chunk is read in blocks: a block of
 * ASCII (checked with `buffer.isAscii`, at memory speed) is copied as Latin-1, a one-byte copy;
 * only the blocks holding other bytes go through a `StringDecoder`, which keeps a character cut by
 * the end of a block (or of a chunk) for the next one, and is flushed before an ASCII block as the
 * whole text's decoding would be (property-tested against `toString`, malformed bytes included).
 * The parts are joined as strings (V8 joins without copying; `JSON.parse` reads the join once).
 *
 * Decoding as the chunks arrive, rather than gathering them and concatenating, lets each chunk go:
 * gathered chunks are views of the socket's read buffers, memory outside V8's heap that is freed
 * only when V8 collects the views; held for the length of an answer, they outlived young
 * collections and waited for full ones (50 MB of them at peak, streaming 100,000 chats).
 */
import { type Buffer, isAscii } from "node:buffer"
import { StringDecoder } from "node:string_decoder"

/** The bytes of a block. */
const blockBytes = 4096

/** A text decoded from chunks of UTF-8 written in turn. */
export class Decoder {
  private text = ""
  /** The decoder of non-ASCII blocks, made at the first one. */
  private utf8: StringDecoder | undefined = undefined
  /** Whether {@link utf8} may hold the first bytes of a character. */
  private pending = false

  constructor(private readonly block: number = blockBytes) {}

  write(bytes: Buffer): void {
    const length = bytes.length
    const block = this.block
    for (let start = 0; start < length; start += block) {
      const end = start + block < length ? start + block : length
      const part = start === 0 && end === length ? bytes : bytes.subarray(start, end)
      if (isAscii(part)) {
        if (this.pending) {
          this.text += this.utf8!.end()
          this.pending = false
        }
        this.text += part.toString("latin1")
      } else {
        this.utf8 ??= new StringDecoder("utf8")
        this.text += this.utf8.write(part)
        this.pending = true
      }
    }
  }

  /** The text written so far, the decoder emptied for another. */
  end(): string {
    const text = this.pending ? this.text + this.utf8!.end() : this.text
    this.text = ""
    this.pending = false
    return text
  }
}
