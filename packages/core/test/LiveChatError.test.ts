/** Every error class from its status and body, including HTML, empty and truncated bodies. */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { request, send, testLayer } from "./support.js"

const failWith = (reply: Parameters<typeof testLayer>[0], method: "GET" | "POST" = "GET") =>
  send(request(method)).pipe(Effect.flip, Effect.provide(testLayer(reply, { retry: false })))

describe("errors from statuses and bodies", () => {
  it.effect("400 with {\"error\": …} is BadRequest with the server's reason", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 400, body: { error: "Invalid login" } }))
      expect(error._tag).toBe("BadRequest")
      if (error._tag !== "BadRequest") return
      expect(error.status).toBe(400)
      expect(error.detail).toBe("Invalid login")
      expect(error.method).toBe("GET")
      expect(error.url).toBe("https://api.livechatinc.com/things/1")
      expect(error.message).toBe("GET https://api.livechatinc.com/things/1 failed with 400 Bad Request: Invalid login")
    }))

  it.effect("400 with {\"errors\": […]} joins every reason", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 400, body: { errors: ["name is required", "login is invalid"] } }))
      expect(error._tag).toBe("BadRequest")
      expect(error.message).toContain("name is required; login is invalid")
    }))

  it.effect("401 is Unauthorized", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 401, body: { error: "Authentication required" } }))
      expect(error._tag).toBe("Unauthorized")
      expect(error.message).toContain("401 Unauthorized: Authentication required")
    }))

  it.effect("403 is Forbidden", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 403, body: { error: "Insufficient permissions" } }))
      expect(error._tag).toBe("Forbidden")
    }))

  it.effect("404 is NotFound", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 404, body: { error: "Agent not found" } }))
      expect(error._tag).toBe("NotFound")
      expect(error.message).toContain("Agent not found")
    }))

  it.effect("429 is RateLimited with retryAfter from Retry-After", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 429, headers: { "retry-after": "7" }, body: "" }))
      expect(error._tag).toBe("RateLimited")
      if (error._tag !== "RateLimited") return
      expect(error.retryAfter?.pipe((d) => d.value)).toEqual({ _tag: "Millis", millis: 7000 })
      expect(error.message).toContain("retry after 7s")
    }))

  it.effect("500 with an HTML page is ServerError with the page's title and a bounded excerpt", () =>
    Effect.gen(function*() {
      const page = `<html><head><title>502 Bad Gateway</title></head><body>${"x".repeat(5000)}</body></html>`
      const error = yield* failWith(() => ({ status: 500, headers: { "content-type": "text/html" }, body: page }))
      expect(error._tag).toBe("ServerError")
      if (error._tag !== "ServerError") return
      expect(error.detail).toBe("502 Bad Gateway")
      expect(error.body!.length).toBeLessThanOrEqual(360)
      expect(error.body).toMatch(/… \(\d+ more characters omitted\)$/)
    }))

  it.effect("503 with an empty body is ServerError without detail", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 503, body: "" }))
      expect(error._tag).toBe("ServerError")
      if (error._tag !== "ServerError") return
      expect(error.detail).toBeUndefined()
      expect(error.body).toBeUndefined()
      expect(error.message).toBe("GET https://api.livechatinc.com/things/1 failed with 503 Server Error")
    }))

  it.effect("an error with a truncated JSON body keeps the excerpt", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 500, body: "{\"error\": \"Something unexp" }))
      expect(error._tag).toBe("ServerError")
      if (error._tag !== "ServerError") return
      expect(error.detail).toBeUndefined()
      expect(error.body).toBe("{\"error\": \"Something unexp")
    }))

  it.effect("other 4xx statuses are BadRequest with their status", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 409, body: { error: "conflict" } }))
      expect(error._tag).toBe("BadRequest")
      if (error._tag === "BadRequest") expect(error.status).toBe(409)
    }))

  it.effect("a success with truncated JSON is ResponseDecodeError (Json)", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 200, body: "{\"id\": 1, \"na" }))
      expect(error._tag).toBe("ResponseDecodeError")
      if (error._tag === "ResponseDecodeError") expect(error.reason).toBe("Json")
    }))

  it.effect("a success that does not match the Schema is ResponseDecodeError (Schema) naming the field", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 200, body: { id: "one", name: "x" } }))
      expect(error._tag).toBe("ResponseDecodeError")
      if (error._tag !== "ResponseDecodeError") return
      expect(error.reason).toBe("Schema")
      expect(error.detail).toContain("id")
    }))

  it.effect("a refused connection is TransportError (Connect)", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ fail: "ECONNREFUSED" }))
      expect(error._tag).toBe("TransportError")
      if (error._tag === "TransportError") expect(error.reason).toBe("Connect")
    }))

  it.effect("a reset connection is TransportError (Transport)", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ fail: "ECONNRESET" }))
      expect(error._tag).toBe("TransportError")
      if (error._tag === "TransportError") expect(error.reason).toBe("Transport")
    }))

  it.effect("a redirect is not followed: TransportError (Redirect)", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 302, headers: { location: "https://elsewhere.example/x" } }))
      expect(error._tag).toBe("TransportError")
      if (error._tag !== "TransportError") return
      expect(error.reason).toBe("Redirect")
      expect(error.message).toContain("elsewhere.example")
    }))

  it.effect("errors are values: JSON.stringify carries the tag and the fields", () =>
    Effect.gen(function*() {
      const error = yield* failWith(() => ({ status: 404, body: { error: "nope" } }))
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({ _tag: "NotFound", status: 404, detail: "nope" })
    }))
})
