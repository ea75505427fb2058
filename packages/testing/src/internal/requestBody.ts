/**
 * The body of a client request as text, for the in-process transports (the fake and the mock).
 */
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"

const decoder = new TextDecoder()

/** The body as text; `undefined` when there is none (or it is a stream or form data). */
export const requestBody = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  const body = request.body
  switch (body._tag) {
    case "Uint8Array":
      return decoder.decode(body.body)
    case "Raw":
      return typeof body.body === "string" ? body.body : String(body.body)
    default:
      return undefined
  }
}
