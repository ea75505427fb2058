/**
 * HTTP Basic credentials, checked in constant time: the expected `user:password` and the one sent
 * are compared as SHA-256 digests (equal lengths whatever was sent), byte by byte without an early
 * exit, so that the time taken tells nothing of how much of them matched.
 */
import { sha256 } from "./json.js"

const utf8 = new TextEncoder()

/** The digest of `user:password`, to compare deliveries' credentials with. */
export const expected = (username: string, password: string): Promise<Uint8Array> =>
  sha256(utf8.encode(`${username}:${password}`))

/** The bytes of a Basic `Authorization` header's credentials, or `undefined` when it is not one. */
export const basicCredentials = (header: string | undefined): Uint8Array<ArrayBuffer> | undefined => {
  if (header === undefined) return undefined
  const match = /^basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(header)
  if (match === null) return undefined
  try {
    const binary = atob(match[1])
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes.includes(0x3a) ? bytes : undefined // a colon separates user and password
  } catch {
    return undefined
  }
}

/** Whether two digests of equal length are equal, in time that does not depend on where they differ. */
export const equalDigests = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i]
  return difference === 0
}

/** Whether the header carries the expected credentials (constant time in their content). */
export const verify = async (header: string | undefined, expectedDigest: Uint8Array): Promise<boolean> => {
  const sent = basicCredentials(header)
  // No credentials: a digest of nothing is still computed, so the answer takes the same time.
  const digest = await sha256(sent ?? new Uint8Array(0))
  return equalDigests(digest, expectedDigest) && sent !== undefined
}
