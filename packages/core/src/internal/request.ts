/**
 * The second step of the request path: a {@link Request} made ready for any transport (its URL,
 * headers and body written once), and the context its errors are printed in.
 */
import type { Request } from "../LiveChatClient.js"
import * as Wire from "../Wire.js"
import type * as Response from "./response.js"
import type { Settings } from "./settings.js"

/** A request as the transports send it. */
export interface Prepared {
  readonly request: Request
  readonly method: Request["method"]
  /** The whole URL. */
  readonly url: string
  /** The headers but `authorization` (added per attempt: a token from an Effect can change). */
  readonly headers: Readonly<Record<string, string>>
  /** The body, written (form or JSON), with its content type; `undefined` for none. */
  readonly body: string | undefined
  readonly contentType: string | undefined
  /** Whether the request carries the client's credentials. */
  readonly authenticate: boolean
  /** What errors print, and the secrets scrubbed from it. */
  readonly context: Response.Context
}

export const prepare = (settings: Settings, request: Request): Prepared => {
  const query = request.query !== undefined && request.query.length > 0
    ? `?${Wire.encodePairs(request.query)}`
    : ""
  const url = `${settings.prefix}${request.path}${query}`
  const hasBody = request.body !== undefined && request.method !== "GET"
  const json = settings.bodyEncoding === "json"
  return {
    request,
    method: request.method,
    url,
    headers: settings.headers,
    body: !hasBody
      ? undefined
      : json
      ? JSON.stringify(request.body)
      : Wire.encodeForm(request.body!, { indexed: request.indexed }),
    contentType: !hasBody ? undefined : json ? "application/json" : "application/x-www-form-urlencoded",
    authenticate: request.authenticate ?? true,
    context: {
      method: request.method,
      url,
      secrets: request.secrets !== undefined && request.secrets.length > 0
        ? settings.secrets.withEncoded(request.secrets)
        : settings.secrets
    }
  }
}
