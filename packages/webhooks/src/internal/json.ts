/**
 * Reading a delivery's JSON safely: a depth limit checked before parsing (a deeply nested body
 * never reaches `JSON.parse` or the Schemas' recursion), `__proto__` keys dropped (so that no
 * decoded object gets another prototype), and the canonical form a delivery's content is hashed in.
 */

/**
 * The deepest nesting of arrays and objects in a JSON text, scanning no further than `limit + 1`
 * levels: one pass, strings skipped (a bracket inside a string does not count).
 */
export const depthExceeds = (text: string, limit: number): boolean => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // a backslash escapes the next character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true
    } else if (c === 0x7d || c === 0x5d) {
      depth--
    }
  }
  return false
}

const reviver = (key: string, value: unknown): unknown => (key === "__proto__" ? undefined : value)

/** The JSON value of a text, or `undefined` when it is not JSON. */
export const parse = (text: string): { readonly value: unknown } | undefined => {
  try {
    return { value: JSON.parse(text, reviver) }
  } catch {
    return undefined
  }
}

/** A JSON value written with its object keys sorted, at every depth: equal content, equal text. */
export const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>
    return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

const utf8 = new TextEncoder()

/** The SHA-256 digest of a text's UTF-8 bytes (Web Crypto: Node.js, Deno, Bun, browsers, workers). */
export const sha256 = async (data: string | Uint8Array<ArrayBuffer>): Promise<Uint8Array> =>
  new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", typeof data === "string" ? utf8.encode(data) : data))

/** Hex of bytes. */
export const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
