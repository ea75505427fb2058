/**
 * The cli tests spawn the built binary (`dist/bin.js`), as users run it. CI builds before testing;
 * a developer who runs only `pnpm test` may not have: this builds (`tsc -p tsconfig.build.json`,
 * the same as `pnpm build`) each package the binary needs whose sources are newer than its build,
 * in dependency order, before any cli test runs. An up-to-date build costs nothing.
 */
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../", import.meta.url))

const newest = (dir: string): number => {
  if (!existsSync(dir)) return 0
  return readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const path = `${dir}/${entry.name}`
    return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }, 0)
}

/** The workspace packages `name` depends on, then itself, each once. */
const order = (dir: string, seen: Set<string>, into: Array<string>) => {
  if (seen.has(dir)) return
  seen.add(dir)
  const json = JSON.parse(readFileSync(`${root}packages/${dir}/package.json`, "utf8"))
  for (const dep of Object.keys({ ...json.dependencies, ...json.peerDependencies })) {
    if (dep.startsWith("@effect-livechat/")) order(dep.slice("@effect-livechat/".length), seen, into)
  }
  if (existsSync(`${root}packages/${dir}/tsconfig.build.json`)) into.push(dir)
}

export default function setup() {
  const packages: Array<string> = []
  order("cli", new Set(), packages)
  let rebuilt = false
  for (const dir of packages) {
    const base = `${root}packages/${dir}`
    const built = existsSync(`${base}/dist/index.js`) ? statSync(`${base}/dist/index.js`).mtimeMs : 0
    const sources = Math.max(newest(`${base}/src`), statSync(`${base}/package.json`).mtimeMs)
    if (!rebuilt && built >= sources) continue
    // A package rebuilt means its dependents are compiled against the new declarations too.
    rebuilt = true
    console.log(`cli tests: building @effect-livechat/${dir}`)
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", `${base}/tsconfig.build.json`], {
      stdio: "inherit"
    })
  }
}
