/**
 * A plain `node:http` server written for the hostile-world tests (not LiveChatFake): each test
 * scripts its answers, and the server records what reached it and when.
 */
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, type Layer, type Scope } from "effect"
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { performance } from "node:perf_hooks"

export interface Received {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
  /** `performance.now()` when the request's head arrived. */
  readonly at: number
}

export type Handler = (request: Received, response: Http.ServerResponse) => void | Promise<void>

export interface HostileServer {
  readonly url: string
  readonly received: Array<Received>
  /** Requests whose response was closed before it was ended (the client went away). */
  readonly abandoned: Array<Received>
  handle(handler: Handler): void
}

/** A server for the scope of a test, on 127.0.0.1 and a free port. */
export const make: Effect.Effect<HostileServer, never, Scope.Scope> = Effect.gen(function*() {
  let handler: Handler = (_, response) => {
    response.writeHead(200, { "content-type": "application/json" }).end("{}")
  }
  const received: Array<Received> = []
  const abandoned: Array<Received> = []
  const sockets = new Set<Socket>()
  const server = Http.createServer((request, response) => {
    const at = performance.now()
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      const recorded: Received = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at
      }
      received.push(recorded)
      response.on("close", () => {
        if (!response.writableFinished) abandoned.push(recorded)
      })
      Promise.resolve(handler(recorded, response)).catch((error) => {
        if (!response.headersSent) response.writeHead(500).end(String(error))
      })
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  yield* Effect.async<void>((resume) => {
    server.listen(0, "127.0.0.1", () => resume(Effect.void))
  })
  yield* Effect.addFinalizer(() =>
    Effect.async<void>((resume) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resume(Effect.void))
    })
  )
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    abandoned,
    handle: (next) => {
      handler = next
    }
  }
})

/** Answers JSON. */
export const json = (
  response: Http.ServerResponse,
  status: number,
  body: unknown,
  headers: Http.OutgoingHttpHeaders = {}
) => {
  const text = typeof body === "string" ? body : JSON.stringify(body)
  response.writeHead(status, { "content-type": "application/json", ...headers }).end(text)
}

/** The three transports every case runs over. */
export const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["undici", NodeHttpClient.layerUndici],
  ["node:http", NodeHttpClient.layer],
  ["fetch", FetchHttpClient.layer]
]

/** Waits (in real time) until `check` holds, for at most `millis`. */
export const until = (check: () => boolean, millis = 5000) =>
  Effect.promise(async () => {
    const end = performance.now() + millis
    while (!check() && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 5))
  })

/** Real time passing (outside any TestClock). */
export const realSleep = (millis: number) => Effect.promise(() => new Promise((resolve) => setTimeout(resolve, millis)))
