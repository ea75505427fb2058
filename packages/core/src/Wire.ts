/**
 * Wire codecs of the LiveChat REST API v2: `application/x-www-form-urlencoded` bodies and query
 * strings with PHP-style brackets, and path templates with encoded, validated parameters.
 *
 * Form rules (those of PHP's `http_build_query` / `parse_str`, which the API follows):
 * - a scalar is `key=value`; `true`/`false` are `1`/`0`; `null` and `undefined` are left out;
 * - an array of scalars is `key[]=a&key[]=b` (or `key[0]=a&key[1]=b` for the top-level names an
 *   endpoint lists as indexed, as the reference's samples of groups write `agents[0]=…`);
 * - an array holding objects or arrays is indexed: `rules[0][type]=url&rules[0][urls][1][url]=x`;
 * - an object is `key[field]=value` (`requester[mail]=x`);
 * - an empty array or object cannot be written in this encoding and is left out.
 *
 * @since 0.1.0
 */
import { Either } from "effect"

/**
 * A value that can be written as a form body or query string.
 *
 * @since 0.1.0
 * @category models
 */
export type FormValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | ReadonlyArray<FormValue>
  | { readonly [key: string]: FormValue }

/**
 * An ordered list of `[name, value]` pairs, as they stand on the wire (names with brackets).
 *
 * @since 0.1.0
 * @category models
 */
export type Pairs = ReadonlyArray<readonly [string, string]>

const isComposite = (value: FormValue): value is ReadonlyArray<FormValue> | { readonly [key: string]: FormValue } =>
  typeof value === "object" && value !== null

const scalar = (value: string | number | bigint | boolean): string =>
  typeof value === "boolean" ? (value ? "1" : "0") : String(value)

const flatten = (name: string, value: FormValue, out: Array<readonly [string, string]>, indexAll = false): void => {
  if (value === null || value === undefined) return
  if (Array.isArray(value)) {
    const indexed = indexAll || value.some(isComposite)
    value.forEach((item: FormValue, i) => flatten(indexed ? `${name}[${i}]` : `${name}[]`, item, out))
    return
  }
  if (isComposite(value)) {
    for (const [key, item] of Object.entries(value)) flatten(`${name}[${key}]`, item, out)
    return
  }
  out.push([name, scalar(value)])
}

/**
 * How to write an object on the wire.
 *
 * @since 0.1.0
 * @category models
 */
export interface EncodeOptions {
  /** Top-level names whose arrays of scalars are written with indexes (`agents[0]=a`) rather than `agents[]=a`. */
  readonly indexed?: ReadonlyArray<string> | undefined
}

/**
 * The pairs that represent an object on the wire, in its key order.
 *
 * @example
 * ```ts
 * import { Wire } from "@effect-livechat/core"
 *
 * Wire.toPairs({ tag: ["a", "b"], requester: { mail: "x@y.z" } })
 * // [["tag[]", "a"], ["tag[]", "b"], ["requester[mail]", "x@y.z"]]
 * ```
 *
 * @since 0.1.0
 * @category encoding
 */
export const toPairs = (value: { readonly [key: string]: FormValue }, options: EncodeOptions = {}): Pairs => {
  const out: Array<readonly [string, string]> = []
  for (const [key, item] of Object.entries(value)) flatten(key, item, out, options.indexed?.includes(key) ?? false)
  return out
}

const encodeComponent = (text: string): string => encodeURIComponent(text).replace(/%20/g, "+")

const encodeName = (name: string): string =>
  // Keep the brackets readable (`tag[]`, `rules[0][type]`), as the reference's samples send them.
  encodeComponent(name).replace(/%5B/gi, "[").replace(/%5D/gi, "]")

/**
 * Writes pairs as `application/x-www-form-urlencoded` text (spaces as `+`, brackets literal).
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodePairs = (pairs: Pairs): string =>
  pairs.map(([name, value]) => `${encodeName(name)}=${encodeComponent(value)}`).join("&")

/**
 * Encodes an object as a PHP-style `application/x-www-form-urlencoded` body.
 *
 * @example
 * ```ts
 * import { Wire } from "@effect-livechat/core"
 *
 * Wire.encodeForm({ name: "Jenny Doe", groups: [1, 2] })
 * // "name=Jenny+Doe&groups[]=1&groups[]=2"
 * ```
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeForm = (value: { readonly [key: string]: FormValue }, options: EncodeOptions = {}): string =>
  encodePairs(toPairs(value, options))

const decodeComponent = (text: string): string => {
  const spaced = text.replace(/\+/g, " ")
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/**
 * Reads `application/x-www-form-urlencoded` text (or a query string, with or without `?`) into pairs.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodePairs = (text: string): Pairs => {
  const body = text.startsWith("?") ? text.slice(1) : text
  if (body === "") return []
  return body.split("&").filter((part) => part !== "").map((part) => {
    const eq = part.indexOf("=")
    return eq === -1
      ? [decodeComponent(part), ""] as const
      : [decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))] as const
  })
}

/**
 * A decoded form: strings, arrays and objects, as PHP's `parse_str` reads them.
 *
 * @since 0.1.0
 * @category models
 */
export type Decoded = string | Array<Decoded> | { [key: string]: Decoded }

const segments = (name: string): Array<string> => {
  const open = name.indexOf("[")
  if (open <= 0 || !name.endsWith("]")) return [name]
  const rest = name.slice(open + 1, -1).split("][")
  return [name.slice(0, open), ...rest]
}

type Node = { [key: string]: Node | string } | string

const assign = (target: { [key: string]: Node }, keys: ReadonlyArray<string>, value: string): void => {
  const [head, ...tail] = keys
  const key = head === "" ? String(Object.keys(target).length) : head
  if (tail.length === 0) {
    target[key] = value
    return
  }
  const existing = target[key]
  const child: { [key: string]: Node } = typeof existing === "object" ? existing : {}
  target[key] = child
  assign(child, tail, value)
}

const isSequence = (keys: ReadonlyArray<string>): boolean => keys.every((key, i) => key === String(i))

const finish = (node: Node): Decoded => {
  if (typeof node === "string") return node
  const keys = Object.keys(node)
  if (keys.length > 0 && isSequence(keys)) return keys.map((key) => finish(node[key]))
  const out: { [key: string]: Decoded } = {}
  for (const key of keys) out[key] = finish(node[key])
  return out
}

/**
 * Reads pairs into a nested object, as PHP's `parse_str` does (`a[]` appends, `a[0][b]` nests,
 * keys `0..n-1` make an array).
 *
 * @since 0.1.0
 * @category decoding
 */
export const fromPairs = (pairs: Pairs): { [key: string]: Decoded } => {
  const root: { [key: string]: Node } = {}
  for (const [name, value] of pairs) assign(root, segments(name), value)
  const out: { [key: string]: Decoded } = {}
  // The top level stays an object even when its keys are numbers.
  for (const key of Object.keys(root)) out[key] = finish(root[key])
  return out
}

/**
 * Decodes a PHP-style form body (or query string) into a nested object of strings.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeForm = (text: string): { [key: string]: Decoded } => fromPairs(decodePairs(text))

const controlCharacters = /[\u0000-\u001f\u007f]/

/**
 * Why a value cannot be sent as its documented shape, or `undefined` when it can: a number that
 * is not finite (`NaN` and `Infinity` would be written as text), a whole number beyond ±2⁵³, or a
 * number JavaScript writes with an exponent (`1e-7`, `1e+21`), and a key of a nested object that is empty, holds a bracket (a form
 * would read `a[b][c]` as a deeper structure) or a control character. `field` is the dotted path.
 *
 * @example
 * ```ts
 * import { Wire } from "@effect-livechat/core"
 *
 * Wire.problem({ properties: { "a[b]": "x" } })
 * // { field: "properties.a[b]", detail: "a key must not contain brackets ([ or ])" }
 * ```
 *
 * @since 0.1.0
 * @category encoding
 */
export const problem = (
  value: { readonly [key: string]: FormValue }
): { readonly field: string; readonly detail: string } | undefined => {
  const walk = (
    item: FormValue,
    path: ReadonlyArray<string | number>
  ): { field: string; detail: string } | undefined => {
    if (typeof item === "number") {
      if (!Number.isFinite(item)) return { field: path.join("."), detail: `must be a finite number (got ${item})` }
      if (Number.isInteger(item) && !Number.isSafeInteger(item)) {
        return { field: path.join("."), detail: "must be a whole number between -(2^53 - 1) and 2^53 - 1" }
      }
      if (/e/i.test(String(item))) {
        return { field: path.join("."), detail: `must be writable without an exponent (got ${item})` }
      }
      return undefined
    }
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const found = walk(item[i], [...path, i])
        if (found !== undefined) return found
      }
      return undefined
    }
    if (typeof item === "object" && item !== null) {
      for (const [key, nested] of Object.entries(item)) {
        const field = [...path, key].join(".")
        if (path.length > 0) {
          if (key === "") return { field, detail: "a key must not be empty" }
          if (/[[\]]/.test(key)) return { field, detail: "a key must not contain brackets ([ or ])" }
          if (controlCharacters.test(key)) return { field, detail: "a key must not contain control characters" }
        }
        const found = walk(nested as FormValue, [...path, key])
        if (found !== undefined) return found
      }
    }
    return undefined
  }
  return walk(value, [])
}

/**
 * Why a path parameter would change the path, or `undefined` when it is safe.
 *
 * @since 0.1.0
 * @category paths
 */
export const unsafePathSegment = (value: string): string | undefined => {
  if (value === "") return "must not be empty"
  if (value === "." || value === "..") return `must not be "${value}"`
  if (value.includes("/") || value.includes("\\")) return "must not contain a slash"
  if (controlCharacters.test(value)) return "must not contain control characters"
  return undefined
}

/**
 * Fills a path template (`/agents/{login}`) with encoded parameters. A parameter that would alter
 * the path (empty, `.`, `..`, a slash, a control character) is refused: `Left` names it and says why.
 *
 * @example
 * ```ts
 * import { Wire } from "@effect-livechat/core"
 *
 * Wire.buildPath("/agents/{login}", { login: "john@public.com" })
 * // Either.right("/agents/john%40public.com")
 * ```
 *
 * @since 0.1.0
 * @category paths
 */
export const buildPath = (
  template: string,
  params: { readonly [key: string]: string | number }
): Either.Either<string, { readonly field: string; readonly detail: string }> => {
  let failure: { readonly field: string; readonly detail: string } | undefined
  const path = template.replace(/\{(\w+)\}/g, (_, field: string) => {
    const raw = params[field]
    const value = raw === undefined ? "" : String(raw)
    const problem = unsafePathSegment(value)
    if (problem !== undefined && failure === undefined) failure = { field, detail: `path parameter ${problem}` }
    return encodeURIComponent(value)
  })
  return failure === undefined ? Either.right(path) : Either.left(failure)
}

/**
 * The names of the parameters of a path template, in order (`/goals/{id}` → `["id"]`).
 *
 * @since 0.1.0
 * @category paths
 */
export const pathParameters = (template: string): ReadonlyArray<string> =>
  Array.from(template.matchAll(/\{(\w+)\}/g), (match) => match[1])
