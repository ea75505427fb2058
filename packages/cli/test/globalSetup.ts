/**
 * The cli tests spawn the built binary (the `livechat` of package.json's `bin`), as users run it.
 * CI builds before testing; a developer who runs only `pnpm test` may not have. So before any cli
 * test runs, this checks the build of the cli and of each workspace package it depends on, and if
 * any is missing or older than its sources, runs the repository's own build (`scripts/build.ts`,
 * what `pnpm build` runs). An up-to-date build costs nothing.
 */
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** The modification times of the files under `dir`. */
const times = (dir: string): Array<number> =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? times(`${dir}/${entry.name}`) : [statSync(`${dir}/${entry.name}`).mtimeMs]
    )
    : []

/** The workspace packages the cli needs (its own folder included), as folders under packages/. */
const needed = (dir: string, into: Set<string>): Set<string> => {
  if (into.has(dir) || !existsSync(`${root}packages/${dir}/tsconfig.build.json`)) return into
  into.add(dir)
  const json = JSON.parse(readFileSync(`${root}packages/${dir}/package.json`, "utf8"))
  for (const dep of Object.keys({ ...json.dependencies, ...json.peerDependencies })) {
    if (dep.startsWith("@effect-livechat/")) needed(dep.slice("@effect-livechat/".length), into)
  }
  return into
}

const stale = (dir: string): boolean => {
  const base = `${root}packages/${dir}`
  const built = times(`${base}/dist`)
  if (built.length === 0) return true
  return Math.max(...times(`${base}/src`), statSync(`${base}/package.json`).mtimeMs) > Math.min(...built)
}

export default function setup() {
  const json = JSON.parse(readFileSync(`${root}packages/cli/package.json`, "utf8"))
  const bin = `${root}packages/cli/${json.bin.livechat}`
  const outdated = Array.from(needed("cli", new Set())).filter(stale)
  if (existsSync(bin) && outdated.length === 0) return
  console.log(`cli tests: building first (${outdated.join(", ") || "no binary"} out of date)`)
  execFileSync(process.execPath, ["--import", "tsx", `${root}scripts/build.ts`], { cwd: root, stdio: "inherit" })
}
