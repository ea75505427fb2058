/**
 * Typed layer errors, the same way: a SQLite file that cannot be opened and a PostgreSQL server
 * that cannot be reached (refused, or silent past the connect timeout) fail their layers with
 * `DatabaseUnavailable`, quickly, with a one-line message that names the database and shows no
 * password.
 */
import { DatabaseUnavailable, Sync } from "@effect-livechat/sync"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, type Layer, Redacted } from "effect"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Socket } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

const password = "pa55-w0rd-very-secret"

/** Builds `layer` and runs a query; returns its failure and how long it took. */
const failureOf = <E>(layer: Layer.Layer<SqlClient.SqlClient, E>) =>
  Effect.gen(function*() {
    const started = performance.now()
    const exit = yield* Effect.exit(
      Effect.flatMap(SqlClient.SqlClient, (sql) => sql`SELECT 1 AS one`).pipe(Effect.provide(layer))
    )
    const millis = performance.now() - started
    const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : undefined
    return { error: failure?._tag === "Some" ? failure.value : undefined, millis, exit }
  })

/** A port nothing listens on (taken, then freed). */
const closedPort = Effect.async<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as { port: number }
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** A server that accepts connections and never answers (a firewall that drops, a hung server). */
const silentServer = Effect.acquireRelease(
  Effect.async<{ readonly port: number; readonly close: () => void }>((resume) => {
    const sockets = new Set<Socket>()
    const server = createServer((socket) => {
      sockets.add(socket)
      socket.on("error", () => {})
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      resume(Effect.succeed({
        port,
        close: () => {
          for (const socket of sockets) socket.destroy()
          server.close()
        }
      }))
    })
  }),
  ({ close }) => Effect.sync(close)
)

const expectUnavailable = (error: unknown, database: RegExp) => {
  expect(error).toBeInstanceOf(DatabaseUnavailable)
  const message = (error as DatabaseUnavailable).message
  expect(message).toMatch(database)
  expect(message).not.toMatch(/\n/)
  expect(message).not.toContain(password)
  expect(String((error as DatabaseUnavailable).database)).not.toContain(password)
  return message
}

describe("DatabaseUnavailable", () => {
  it.effect("layerSqlite on a file in a directory that does not exist", () =>
    Effect.gen(function*() {
      const { error, millis } = yield* failureOf(Sync.layerSqlite("/no/such/dir/x.db"))
      const message = expectUnavailable(error, /^cannot use the database SQLite file \/no\/such\/dir\/x\.db: /)
      expect(message).toMatch(/directory does not exist/)
      expect(millis).toBeLessThan(1_000)
    }))

  it.scoped("layerSqlite on a file that is not a database", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "livechat-sync-unavailable-"))),
        (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
      )
      const file = join(dir, "notes.txt")
      writeFileSync(file, "these are not the pages of a SQLite database\n".repeat(200))
      const { error } = yield* failureOf(Sync.layerSqlite(file))
      expectUnavailable(error, /SQLite file .*notes\.txt: .*not a database/)
    }))

  it.live("layerPg to a closed port: at once, the URL without its password", () =>
    Effect.gen(function*() {
      const port = yield* closedPort
      const { error, millis } = yield* failureOf(
        Sync.layerPg({ url: Redacted.make(`postgres://mirror:${password}@127.0.0.1:${port}/livechat?sslmode=disable`) })
      )
      const message = expectUnavailable(
        error,
        new RegExp(`^cannot use the database PostgreSQL postgres://mirror:\\*\\*\\*@127\\.0\\.0\\.1:${port}/livechat`)
      )
      expect(message).toMatch(/ECONNREFUSED/)
      expect(millis).toBeLessThan(2_000)
    }))

  it.live("layerPg to a server that never answers: after the connect timeout", () =>
    Effect.gen(function*() {
      const { port } = yield* silentServer
      const { error, millis } = yield* failureOf(
        Sync.layerPg({
          host: "127.0.0.1",
          port,
          database: "livechat",
          username: "mirror",
          password: Redacted.make(password),
          connectTimeout: "400 millis"
        })
      )
      const message = expectUnavailable(
        error,
        new RegExp(`^cannot use the database PostgreSQL postgres://mirror@127\\.0\\.0\\.1:${port}/livechat: `)
      )
      expect(message).toMatch(/connect timeout/)
      expect(millis).toBeGreaterThanOrEqual(350)
      expect(millis).toBeLessThan(3_000)
    }).pipe(Effect.scoped), 10_000)

  it.live("layerPg: a password in the URL's parameters is hidden too", () =>
    Effect.gen(function*() {
      const port = yield* closedPort
      const { error } = yield* failureOf(
        Sync.layerPg({ url: Redacted.make(`postgresql://127.0.0.1:${port}/livechat?user=mirror&password=${password}`) })
      )
      expectUnavailable(error, /password=\*\*\*/)
    }))
})
