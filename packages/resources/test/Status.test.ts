/**
 * Status: invalid inputs are refused before sending; `group` goes to the query of `/status`.
 */
import { Status } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { clientLayer, refused, sampleLayer, sent } from "./support.js"

describe("Status", () => {
  it.effect("get: a negative group is refused, nothing sent", () =>
    refused(Status.get({ group: -1 }), "group").pipe(Effect.provide(sampleLayer("Status/get.json"))))

  it.effect("get: a fractional group is refused, nothing sent", () =>
    refused(Status.get({ group: 1.5 }), "group").pipe(Effect.provide(sampleLayer("Status/get.json"))))

  it.effect("get: the group is a query parameter of /status, not a path segment", () =>
    Effect.gen(function*() {
      const status = yield* Status.get({ group: 1 })
      expect(status.status).toBe("online")
      const [request] = yield* sent
      expect(request.method).toBe("GET")
      expect(request.url.pathname).toBe("/status")
      expect(request.url.search).toBe("?group=1")
    }).pipe(Effect.provide(sampleLayer("Status/get.json"))))

  it.effect("get: without input, no query", () =>
    Effect.gen(function*() {
      yield* Status.get()
      const [request] = yield* sent
      expect(request.url.pathname).toBe("/status")
      expect(request.url.search).toBe("")
    }).pipe(Effect.provide(sampleLayer("Status/get.json"))))

  it.effect("get: a status other than online/offline is a decode error", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Status.get())
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(clientLayer(() => ({ body: { status: "away" } })))))
})
