/**
 * Over real sockets: a tiny HTTP server on 127.0.0.1:0, reached through the Node transport
 * (`NodeLiveChatClient`, undici directly) and through `LiveChatClient.layer` over NodeHttpClient
 * (undici and node:http) and FetchHttpClient. Checks what the transports really report (refused,
 * reset, cut short, too large, too slow), that an interruption closes the request, and that
 * redirects never take credentials elsewhere.
 */
import { Auth, LiveChatClient } from "@effect-livechat/core"
import { NodeLiveChatClient } from "@effect-livechat/core/node"
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Context, Duration, Effect, Fiber, Layer } from "effect"
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { apiKey, login, request, send, Thing } from "./support.js"

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
  readonly socket: Socket
}

type Route = (req: Http.IncomingMessage, res: Http.ServerResponse) => void

/** A server on 127.0.0.1:0 that records what it receives and answers with `route`. */
const startServer = (route: Route) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly seen: Array<Seen> }>((resume) => {
      const seen: Array<Seen> = []
      const server = Http.createServer((req, res) => {
        let body = ""
        req.on("data", (chunk) => (body += chunk))
        req.on("end", () => {
          seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, socket: req.socket })
          route(req, res)
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed(Object.assign({ url: `http://127.0.0.1:${port}`, seen }, { server })))
      })
    }),
    (started) =>
      Effect.async<void>((resume) => {
        const server = (started as unknown as { server: Http.Server }).server
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

class Server extends Context.Tag("test/Server")<Server, { readonly url: string; readonly seen: Array<Seen> }>() {}
class Elsewhere
  extends Context.Tag("test/Elsewhere")<Elsewhere, { readonly url: string; readonly seen: Array<Seen> }>()
{}

/** The name `/split-text` answers with. */
const splitName = `${"a".repeat(6000)}São Paulo, Grüße, 日本, 😀, ${"é".repeat(40)}`

const routes: Route = (req, res) => {
  const path = req.url ?? ""
  if (path.startsWith("/things/1")) {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: 1, name: "one" }))
  } else if (path.startsWith("/missing")) {
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Not found" }))
  } else if (path.startsWith("/html")) {
    res.writeHead(502, { "content-type": "text/html" }).end("<html><title>Bad Gateway</title></html>")
  } else if (path.startsWith("/redirect")) {
    const to = new URL(path, "http://x").searchParams.get("to") ?? ""
    res.writeHead(302, { location: `${to}/things/1` }).end()
  } else if (path.startsWith("/reset")) {
    req.socket.destroy()
  } else if (path.startsWith("/busy")) {
    res.writeHead(429, { "content-type": "application/json", "retry-after": "7" }).end("{\"error\":\"Too many\"}")
  } else if (path.startsWith("/silent")) {
    // Never answers (until the client gives up and closes the connection).
  } else if (path.startsWith("/stalled")) {
    res.writeHead(200, { "content-type": "application/json" })
    res.write("{\"id\": 1, ")
  } else if (path.startsWith("/declared-huge")) {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(10 * 1024 * 1024) })
    res.write("{\"id\": 1, ")
  } else if (path.startsWith("/chunked-huge")) {
    res.writeHead(200, { "content-type": "application/json" })
    res.write("{\"id\": 1, \"name\": \"")
    const chunk = "x".repeat(64 * 1024)
    let sent = 0
    const more = (): void => {
      if (res.destroyed || sent++ > 200) res.end("\"}")
      else res.write(chunk, more)
    }
    more()
  } else if (path.startsWith("/split-text")) {
    // A name of ASCII past a block, then characters of 2, 3 and 4 bytes, written a few bytes at a
    // time with pauses: the client gets characters cut across chunks.
    res.writeHead(200, { "content-type": "application/json" })
    const bytes = Buffer.from(JSON.stringify({ id: 1, name: splitName }), "utf8")
    let at = 0
    const more = (): void => {
      if (at >= bytes.length) return void res.end()
      const size = at < 5000 ? 5000 : 3
      res.write(bytes.subarray(at, at + size), () => setTimeout(more, 1))
      at += size
    }
    more()
  } else if (path.startsWith("/truncated")) {
    res.writeHead(200, { "content-type": "application/json", "content-length": "100" })
    res.write("{\"id\": 1, \"na")
    setTimeout(() => req.socket.destroy(), 10)
  } else {
    res.writeHead(500).end()
  }
}

const servers = Layer.mergeAll(
  Layer.scoped(Server, startServer(routes)),
  Layer.scoped(
    Elsewhere,
    startServer((_, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end("{\"id\":2,\"name\":\"other\"}")
    )
  )
)

type ClientLayer = (options: LiveChatClient.Options) => Layer.Layer<LiveChatClient.LiveChatClient, unknown>

const over = (http: Layer.Layer<HttpClient.HttpClient>): ClientLayer => (options) =>
  LiveChatClient.layer(options).pipe(Layer.provide(http))

const transports: ReadonlyArray<readonly [string, ClientLayer]> = [
  ["NodeLiveChatClient (undici dispatch)", NodeLiveChatClient.layer],
  ["NodeHttpClient (undici)", over(NodeHttpClient.layerUndici)],
  ["NodeHttpClient (node:http)", over(NodeHttpClient.layer)],
  ["FetchHttpClient", over(FetchHttpClient.layer)]
]

const clientOver = (transport: ClientLayer, options: LiveChatClient.Options = {}) =>
  Layer.unwrapEffect(
    Effect.map(Server, ({ url }) =>
      transport({ baseUrl: url, auth: Auth.apiKey({ login, apiKey }), retry: false, rateLimit: false, ...options }))
  ).pipe(Layer.orDie, Layer.provideMerge(servers))

/** Waits until `predicate` holds (the server's side of a socket is seen a moment later). */
const eventually = (predicate: () => boolean): Effect.Effect<void> =>
  Effect.suspend(() =>
    predicate() ? Effect.void : Effect.zipRight(Effect.sleep(Duration.millis(10)), eventually(predicate))
  )

for (const [name, transport] of transports) {
  describe(`over a real socket with ${name}`, () => {
    it.scoped("sends the API's headers and decodes the answer", () =>
      Effect.gen(function*() {
        const thing = yield* send(request("GET", "/things/1"))
        expect(thing).toEqual({ id: 1, name: "one" })
        const { seen } = yield* Server
        expect(seen).toHaveLength(1)
        expect(seen[0].headers["x-api-version"]).toBe("2")
        expect(seen[0].headers["accept"]).toBe("application/json")
        expect(seen[0].headers["user-agent"]).toBe(LiveChatClient.defaultUserAgent)
        expect(seen[0].headers["authorization"]).toBe(`Basic ${btoa(`${login}:${apiKey}`)}`)
      }).pipe(Effect.provide(clientOver(transport))))

    it.scoped("sends a form body", () =>
      Effect.gen(function*() {
        yield* send(request("POST", "/things/1", { tag: ["a", "b"], requester: { mail: "m@x.y" } }))
        const { seen } = yield* Server
        expect(seen[0].method).toBe("POST")
        expect(seen[0].headers["content-type"]).toBe("application/x-www-form-urlencoded")
        expect(seen[0].body).toBe("tag[]=a&tag[]=b&requester[mail]=m%40x.y")
      }).pipe(Effect.provide(clientOver(transport))))

    it.scoped("maps a JSON error and an HTML error page", () =>
      Effect.gen(function*() {
        const missing = yield* Effect.flip(send(request("GET", "/missing")))
        expect(missing._tag).toBe("NotFound")
        expect(missing.message).toContain("Not found")
        const html = yield* Effect.flip(send(request("GET", "/html")))
        expect(html._tag).toBe("ServerError")
        expect(html.message).toContain("Bad Gateway")
      }).pipe(Effect.provide(clientOver(transport))))

    it.scoped("an answer whose characters are cut across chunks reads as it was sent", () =>
      Effect.gen(function*() {
        const thing = yield* send(request("GET", "/split-text"))
        expect(thing).toEqual({ id: 1, name: splitName })
      }).pipe(Effect.provide(clientOver(transport))))

    it.scoped("a reset connection is a TransportError that may have reached the server", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(send(request("GET", "/reset")))
        expect(error._tag).toBe("TransportError")
        if (error._tag === "TransportError") expect(error.reason).not.toBe("Connect")
      }).pipe(Effect.provide(clientOver(transport))))

    it.scoped("a body cut short is an error, never a value", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(send(request("GET", "/truncated")))
        expect(["TransportError", "ResponseDecodeError"]).toContain(error._tag)
      }).pipe(Effect.provide(clientOver(transport))))

    it.scoped("a refused connection is TransportError (Connect): provably not sent", () =>
      Effect.gen(function*() {
        // A port that was just free: bind, read the port, close.
        const port = yield* Effect.async<number>((resume) => {
          const probe = Http.createServer().listen(0, "127.0.0.1", () => {
            const { port } = probe.address() as AddressInfo
            probe.close(() => resume(Effect.succeed(port)))
          })
        })
        const error = yield* Effect.flip(
          Effect.flatMap(LiveChatClient.LiveChatClient, (client) => client.execute(request("GET", "/things/1"), Thing))
            .pipe(
              Effect.provide(
                transport({ baseUrl: `http://127.0.0.1:${port}`, auth: Auth.apiKey({ login, apiKey }), retry: false })
                  .pipe(Layer.orDie)
              )
            )
        )
        expect(error._tag).toBe("TransportError")
        if (error._tag === "TransportError") expect(error.reason).toBe("Connect")
      }))

    it.scoped("a redirect to another origin is not followed: credentials stay home", () =>
      Effect.gen(function*() {
        const elsewhere = yield* Elsewhere
        const server = yield* Server
        const error = yield* Effect.flip(send(request("GET", `/redirect?to=${encodeURIComponent(elsewhere.url)}`)))
        expect(error._tag).toBe("TransportError")
        if (error._tag === "TransportError") expect(error.reason).toBe("Redirect")
        expect(server.seen).toHaveLength(1)
        expect(elsewhere.seen).toHaveLength(0)
      }).pipe(Effect.provide(clientOver(transport))))

    it.scoped("a 429 is RateLimited with the Retry-After it carried", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(send(request("GET", "/busy")))
        expect(error._tag).toBe("RateLimited")
        if (error._tag === "RateLimited") expect(error.retryAfter).toEqual(Duration.seconds(7))
      }).pipe(Effect.provide(clientOver(transport, { maxRetryAfter: "1 second" }))))

    it.live("no complete answer within the timeout is TransportError (Timeout): no headers, or a body that stops", () =>
      Effect.gen(function*() {
        for (const path of ["/silent", "/stalled"]) {
          const error = yield* Effect.flip(send(request("GET", path)))
          expect(error._tag).toBe("TransportError")
          if (error._tag === "TransportError") expect(error.reason).toBe("Timeout")
          expect(error.message).toContain("200ms")
        }
      }).pipe(Effect.provide(clientOver(transport, { timeout: "200 millis" }))))

    it.scoped("an answer larger than maxResponseBytes is TooLarge, declared or not, and is not read to its end", () =>
      Effect.gen(function*() {
        for (const path of ["/declared-huge", "/chunked-huge"]) {
          const error = yield* Effect.flip(send(request("GET", path)))
          expect(error._tag).toBe("TransportError")
          if (error._tag === "TransportError") {
            expect(error.reason).toBe("TooLarge")
            expect(error.status).toBe(200)
          }
        }
      }).pipe(Effect.provide(clientOver(transport, { maxResponseBytes: 1024 * 1024, timeout: "5 seconds" }))))

    it.live("an interrupted request is closed on the wire", () =>
      Effect.gen(function*() {
        const { seen } = yield* Server
        const fiber = yield* Effect.fork(send(request("GET", "/silent")))
        yield* eventually(() => seen.length === 1)
        const closed = yield* Effect.async<boolean>((resume) => {
          const socket = seen[0].socket
          if (socket.destroyed) return resume(Effect.succeed(true))
          socket.once("close", () => resume(Effect.succeed(true)))
        }).pipe(Effect.fork)
        yield* Fiber.interrupt(fiber)
        expect(yield* Fiber.join(closed)).toBe(true)
      }).pipe(Effect.provide(clientOver(transport, { timeout: false }))))
  })
}

describe("the Node transport's pool", () => {
  it("is undici's own `Pool` (loaded from its module, not undici's index), whose pool dispatches", async () => {
    const { pool } = await import("../src/internal/undici.js")
    const undici = await import("undici")
    const made = pool({ baseUrl: new URL("http://127.0.0.1:9") } as Parameters<typeof pool>[0])
    try {
      expect(made).toBeInstanceOf(undici.Pool)
      expect(made).toBeInstanceOf(undici.Dispatcher)
      expect(typeof made.dispatch).toBe("function")
    } finally {
      await made.destroy()
    }
  })
})
