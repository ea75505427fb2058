/**
 * Keeping secrets out of everything the client prints: the forms a server may echo a secret in,
 * a growing set of secrets to scrub, redaction of secret fields of answers by name, and bounds on
 * every text an error carries.
 */

/** The longest text an error field carries (characters); the rest is counted, not kept. */
export const maxFieldLength = 4096

/** Cuts a text to `max` characters, saying how many were left out. */
export const bound = (text: string, max = maxFieldLength): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters omitted)`

/** Secrets shorter than this are not scrubbed (they would match ordinary text). */
const minSecretLength = 4

const percentEncodings = (secret: string): ReadonlyArray<string> => {
  const upper = encodeURIComponent(secret)
  const lower = upper.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())
  const every = Array.from(new TextEncoder().encode(secret), (byte) => `%${byte.toString(16).padStart(2, "0")}`).join(
    ""
  )
  return [upper, lower, upper.replace(/%20/g, "+"), encodeURI(secret), every, every.toUpperCase()]
}

const jsonEncodings = (secret: string): ReadonlyArray<string> => {
  const escaped = JSON.stringify(secret).slice(1, -1)
  const unicode = Array.from(secret, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")
  return [escaped, escaped.replace(/\//g, "\\/"), unicode, unicode.toUpperCase().replace(/\\U/g, "\\u")]
}

const base64 = (secret: string): ReadonlyArray<string> => {
  const bytes = new TextEncoder().encode(secret)
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  const standard = btoa(binary)
  const unpadded = standard.replace(/=+$/, "")
  return [standard, unpadded, unpadded.replace(/\+/g, "-").replace(/\//g, "_")]
}

/** Every form a server may echo a secret in: verbatim, JSON-escaped, percent-encoded, base64. */
export const encodings = (secret: string): ReadonlyArray<string> => {
  const forms = new Set<string>([secret, ...jsonEncodings(secret), ...percentEncodings(secret), ...base64(secret)])
  for (const form of Array.from(forms)) {
    // An escaped form escaped again (a JSON string inside a URL, a URL inside JSON).
    forms.add(encodeURIComponent(form))
    forms.add(JSON.stringify(form).slice(1, -1))
  }
  // Longest first, so a longer form is replaced before a shorter one inside it.
  return Array.from(forms).filter((form) => form.length >= minSecretLength).sort((a, b) => b.length - a.length)
}

/**
 * A set of secrets that only grows, and the scrubbing of all their forms from texts. A set made
 * by {@link Secrets.with} also scrubs everything its parent knows, now and later.
 */
export class Secrets {
  private readonly known = new Set<string>()
  private forms: Array<string> = []
  private sorted = true

  /**
   * `secrets` are scrubbed in every form a server may echo them in; `verbatim` ones (values read
   * from an answer, which only its own text and its decoding can show) as they are and JSON-escaped.
   */
  constructor(
    secrets: Iterable<string> = [],
    private readonly parent?: Secrets,
    verbatim: Iterable<string> = []
  ) {
    for (const secret of secrets) this.add(secret)
    for (const secret of verbatim) this.addForms(secret, [secret, ...jsonEncodings(secret)])
  }

  /** The length of the longest form of any known secret. */
  get longest(): number {
    return Math.max(this.ordered()[0]?.length ?? 0, this.parent?.longest ?? 0)
  }

  private addForms(secret: string, forms: ReadonlyArray<string>): void {
    if (secret.length < minSecretLength || this.known.has(secret)) return
    this.known.add(secret)
    for (const form of forms) if (form.length >= minSecretLength) this.forms.push(form)
    this.sorted = false
  }

  private ordered(): ReadonlyArray<string> {
    if (!this.sorted) {
      // Longest first, so a longer form is replaced before a shorter one inside it.
      this.forms = Array.from(new Set(this.forms)).sort((a, b) => b.length - a.length)
      this.sorted = true
    }
    return this.forms
  }

  /** Remembers a secret (and the forms it can be echoed in). */
  add(secret: string): void {
    if (!this.known.has(secret)) this.addForms(secret, encodings(secret))
  }

  /** A set that knows `more` (as read from an answer) besides what this one knows, now and later. */
  with(more: Iterable<string>): Secrets {
    return new Secrets([], this, more)
  }

  /** A set that knows `more` (in every form) besides what this one knows, now and later. */
  withEncoded(more: Iterable<string>): Secrets {
    return new Secrets(more, this)
  }

  /** Replaces every form of every known secret by `<redacted>`. */
  scrub(text: string): string {
    let out = text
    for (const form of this.ordered()) if (out.includes(form)) out = out.split(form).join("<redacted>")
    return this.parent === undefined ? out : this.parent.scrub(out)
  }
}

/** Names of fields that hold secrets, in answers and in requests (compared without case, `-` or `_`). */
const secretNames = new Set([
  "apikey",
  "token",
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "secret",
  "clientsecret",
  "password",
  "passwd",
  "authorization",
  "privatekey",
  "secretkey",
  "sessionid"
])

/** Whether a field name names a secret (`api_key`, `token`, `Access-Token`, …). */
export const isSecretName = (name: string): boolean => secretNames.has(name.toLowerCase().replace(/[-_\s]/g, ""))

const collect = (value: unknown, out: Array<string>): void => {
  if (typeof value === "string") out.push(value)
  else if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") out.push(String(value))
  else if (typeof value === "object" && value !== null) { for (const item of Object.values(value)) collect(item, out) }
}

/** Whether `item`, the value of field `key`, is a secret to redact and remember. */
const holdsSecret = (key: string, item: unknown): boolean =>
  isSecretName(key) && item !== null && item !== undefined && item !== ""

/** The secret values of a JSON value: every string or number under a secret field, at any depth. */
export const secretValues = (json: unknown): ReadonlyArray<string> => {
  const found: Array<string> = []
  const walk = (value: unknown): void => {
    if (typeof value !== "object" || value === null) return
    if (Array.isArray(value)) {
      for (const item of value) walk(item)
      return
    }
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key]
      if (holdsSecret(key, item)) collect(item, found)
      else walk(item)
    }
  }
  walk(json)
  return found
}

/** A copy of a JSON value with the values of secret fields replaced by `"<redacted>"`, at any depth. */
export const redactFields = (json: unknown): unknown => {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (typeof value !== "object" || value === null) return value
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[key] = holdsSecret(key, item) ? "<redacted>" : walk(item)
    return out
  }
  return walk(json)
}
