/**
 * Starts a throwaway PostgreSQL server for the sync tests (`scripts/postgres.sh`) and stops it when
 * they end, whatever their result. With `LIVECHAT_TEST_DATABASE_URL` set, that server is used
 * instead. When none can be had, the PostgreSQL tests get the reason (and fail in CI).
 */
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { TestProject } from "vitest/node"

const script = fileURLToPath(new URL("../scripts/postgres.sh", import.meta.url))

declare module "vitest" {
  export interface ProvidedContext {
    /** The URL of a PostgreSQL database the tests may create databases in, or why there is none. */
    readonly postgres: { readonly url: string } | { readonly error: string }
  }
}

export default function setup(project: TestProject) {
  const given = process.env.LIVECHAT_TEST_DATABASE_URL
  if (given !== undefined && given !== "") {
    project.provide("postgres", { url: given })
    return
  }
  let out: string
  try {
    out = execFileSync("bash", [script, "start"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 300_000
    })
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? ""
    project.provide("postgres", { error: `could not start PostgreSQL with ${script}: ${String(error)}\n${stderr}` })
    return
  }
  const dir = /^DIR=(.*)$/m.exec(out)?.[1]
  const url = /^DATABASE_URL=(.*)$/m.exec(out)?.[1]
  if (dir === undefined || url === undefined) {
    project.provide("postgres", { error: `unexpected output of ${script}: ${out}` })
    return
  }
  project.provide("postgres", { url })
  return () => {
    execFileSync("bash", [script, "stop", dir], { stdio: "ignore", timeout: 60_000 })
  }
}
