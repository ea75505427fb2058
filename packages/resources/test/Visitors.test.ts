/**
 * Visitors: invalid inputs are refused before sending; visitor details authenticate with
 * `license_id` + `token` and send no agent credentials.
 */
import { Auth, type LiveChatError } from "@effect-livechat/core"
import { Tags, Visitors } from "@effect-livechat/resources"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { clientLayer, refused as expectRefused, sampleLayer, sent } from "./support.js"

type AddDetailsInput = Parameters<typeof Visitors.addDetails>[0]
type ListInput = NonNullable<Parameters<typeof Visitors.list>[0]>

const details = {
  visitor_id: "S1352647457.ac951bfe2e",
  license_id: 12345,
  token: Redacted.make("26132406c42c96ba61ed42689b70f719"),
  id: "my-app",
  fields: [{ name: "Age", value: 36 }]
}

/** The shared `refused`, over the addDetails sample. */
const refused = <A, R>(effect: Effect.Effect<A, LiveChatError, R>, field: string) =>
  expectRefused(effect, field).pipe(Effect.provide(sampleLayer("Visitors/addDetails.json")))

describe("Visitors", () => {
  it.effect("list: an unknown state is refused, nothing sent", () =>
    refused(Visitors.list({ state: "online" } as unknown as ListInput), "state"))

  it.effect("list: a negative group is refused, nothing sent", () =>
    refused(Visitors.list({ group: [1, -1] }), "group.1"))

  it.effect("list: groups are sent as group[]", () =>
    Effect.gen(function*() {
      const visitors = yield* Visitors.list({ state: "chatting", group: [0, 2] })
      expect(visitors[0].id).toBe("S148dea44981.d9443253fef2")
      expect(visitors[0].latitude).toBe(35.6127)
      expect(visitors[0].visit_path.map((page) => page.title)).toEqual([
        "LiveChat Developers - REST API & Integrations",
        "LiveChat Docs"
      ])
      const [request] = yield* sent
      expect(decodeURIComponent(request.url.search)).toBe("?state=chatting&group[]=0&group[]=2")
    }).pipe(Effect.provide(sampleLayer("Visitors/list.json"))))

  for (const [answer, shown] of [[{ count: 3 }, "{ count: 3 }"], [7, "7"], ["12", "\"12\""]] as const) {
    it.effect(`list with count: 1 sends count=1 and reads the answer ${shown} as a number`, () =>
      Effect.gen(function*() {
        const expected = typeof answer === "object" ? answer.count : Number(answer)
        const count: number = yield* Visitors.list({ state: "chatting", count: 1 })
        expect(count).toBe(expected)
        const [request] = yield* sent
        expect(request.url.search).toBe("?state=chatting&count=1")
      }).pipe(Effect.provide(clientLayer(() => ({ body: answer })))))
  }

  it.effect("list: a count other than 0 or 1 is refused, nothing sent", () =>
    refused(Visitors.list({ count: 2 } as unknown as ListInput), "count"))

  it.effect("addDetails: a missing license_id is refused, nothing sent", () => {
    const { license_id: _, ...input } = details
    return refused(Visitors.addDetails(input as unknown as AddDetailsInput), "license_id")
  })

  it.effect("addDetails: an empty token is refused, nothing sent", () =>
    refused(Visitors.addDetails({ ...details, token: Redacted.make("") }), "token"))

  it.effect("addDetails: an id with spaces is refused, nothing sent", () =>
    refused(Visitors.addDetails({ ...details, id: "my app" }), "id"))

  it.effect("addDetails: no fields is refused, nothing sent", () =>
    refused(Visitors.addDetails({ ...details, fields: [] } as unknown as AddDetailsInput), "fields"))

  it.effect("addDetails: an icon with the http:// prefix is refused, nothing sent", () =>
    refused(Visitors.addDetails({ ...details, icon: "http://example.com/icon.png" }), "icon"))

  it.effect("addDetails: an unsafe visitor id is refused, nothing sent", () =>
    refused(Visitors.addDetails({ ...details, visitor_id: "../x" }), "visitor_id"))

  it.effect("addDetails: fields are sent indexed, with the token, and no Authorization header", () =>
    Effect.gen(function*() {
      const result = yield* Visitors.addDetails({
        ...details,
        fields: [{ name: "Age", value: 36 }, { name: "Profile", value: "Mary", url: "https://example.com/mary" }],
        icon: "example.com/icon.png"
      })
      expect(result.result).toBe("Visitor details added")
      const [request] = yield* sent
      expect(request.method).toBe("POST")
      expect(request.url.pathname).toBe("/visitors/S1352647457.ac951bfe2e/details")
      expect(request.headers["authorization"]).toBeUndefined()
      expect(decodeURIComponent(request.body ?? "")).toBe(
        "license_id=12345&token=26132406c42c96ba61ed42689b70f719&id=my-app" +
          "&fields[0][name]=Age&fields[0][value]=36" +
          "&fields[1][name]=Profile&fields[1][value]=Mary&fields[1][url]=https://example.com/mary" +
          "&icon=example.com/icon.png"
      )
    }).pipe(Effect.provide(sampleLayer("Visitors/addDetails.json"))))

  it.effect("with Auth.none, addDetails is sent without credentials", () =>
    Effect.gen(function*() {
      const result = yield* Visitors.addDetails(details)
      expect(result.result).toBe("Visitor details added")
      const requests = yield* sent
      expect(requests).toHaveLength(1)
      expect(requests[0].headers["authorization"]).toBeUndefined()
      expect(requests[0].headers["x-api-version"]).toBe("2")
    }).pipe(
      Effect.provide(sampleLayer("Visitors/addDetails.json", { auth: Auth.none }))
    ))

  it.effect("with Auth.none, an endpoint that needs agent credentials fails Unauthorized, nothing sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Tags.list())
      expect(error._tag).toBe("Unauthorized")
      expect(yield* sent).toHaveLength(0)
    }).pipe(Effect.provide(sampleLayer("Tags/list.json", { auth: Auth.none }))))
})
