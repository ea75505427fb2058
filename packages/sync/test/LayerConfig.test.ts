/** The database layers configured by `Config` (`layerSqliteConfig`, `layerPgConfig`), from any provider. */
import { Sync } from "@effect-livechat/sync"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Cause, Config, ConfigProvider, Effect, Exit, Layer } from "effect"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { postgresMissing, postgresUrl } from "./support.js"

const fromMap = (settings: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(settings))))

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "livechat-sync-config-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const selectOne = Effect.flatMap(SqlClient.SqlClient, (sql) => sql<{ readonly one: number }>`SELECT 1 AS one`)

describe("Sync.layerSqliteConfig", () => {
  it.scoped("opens the file a provider names, as layerSqlite does (WAL)", () =>
    Effect.gen(function*() {
      const file = join(yield* tempDir, "mirror.db")
      const database = Sync.layerSqliteConfig({ filename: Config.string("MIRROR_FILE") }).pipe(
        Layer.provide(fromMap({ MIRROR_FILE: file }))
      )
      const journal = yield* Effect.flatMap(
        SqlClient.SqlClient,
        (sql) => sql<{ readonly journal_mode: string }>`PRAGMA journal_mode`
      ).pipe(Effect.provide(database))
      expect(journal[0].journal_mode).toBe("wal")
      expect(existsSync(file)).toBe(true)
    }))

  it.scoped("the whole settings as one Config", () =>
    Effect.gen(function*() {
      const file = join(yield* tempDir, "whole.db")
      const database = Sync.layerSqliteConfig(Config.all({ filename: Config.string("MIRROR_FILE") })).pipe(
        Layer.provide(fromMap({ MIRROR_FILE: file }))
      )
      expect(yield* Effect.provide(selectOne, database)).toEqual([{ one: 1 }])
    }))

  it.effect("a missing setting fails the layer with a ConfigError naming it", () =>
    Effect.gen(function*() {
      const database = Sync.layerSqliteConfig({ filename: Config.string("MIRROR_FILE") }).pipe(
        Layer.provide(fromMap({}))
      )
      const exit = yield* Effect.exit(Effect.provide(selectOne, database))
      expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause)).toMatchObject({
        _tag: "Some",
        value: { _op: "MissingData", path: ["MIRROR_FILE"] }
      })
    }))
})

describe("Sync.layerPgConfig", () => {
  it.effect("a missing setting fails the layer with a ConfigError naming it, before any connection", () =>
    Effect.gen(function*() {
      const database = Sync.layerPgConfig({ url: Config.redacted("MIRROR_DATABASE_URL") }).pipe(
        Layer.provide(fromMap({}))
      )
      const exit = yield* Effect.exit(Effect.provide(selectOne, database))
      expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause)).toMatchObject({
        _tag: "Some",
        value: { _op: "MissingData", path: ["MIRROR_DATABASE_URL"] }
      })
    }))

  it.live.skipIf(postgresMissing !== undefined && process.env.CI === undefined)(
    "connects to the database a provider names, and prints no password",
    () =>
      Effect.gen(function*() {
        const database = Sync.layerPgConfig({
          url: Config.redacted("MIRROR_DATABASE_URL"),
          maxConnections: Config.integer("MIRROR_CONNECTIONS")
        }).pipe(Layer.provide(fromMap({ MIRROR_DATABASE_URL: postgresUrl!, MIRROR_CONNECTIONS: "1" })))
        expect(yield* Effect.provide(selectOne, Layer.orDie(database))).toEqual([{ one: 1 }])
      })
  )
})
