/**
 * `pnpm build`: builds every package under packages/ to ESM with declarations (`tsc -p
 * tsconfig.build.json` in each), dependencies first. Packages are found on disk, not listed here.
 */
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const tsc = `${root}node_modules/typescript/bin/tsc`

interface Pkg {
  readonly dir: string
  readonly name: string
  readonly deps: ReadonlyArray<string>
}

const packages: Array<Pkg> = readdirSync(`${root}packages`)
  .filter((dir) => existsSync(`${root}packages/${dir}/tsconfig.build.json`))
  .map((dir) => {
    const json = JSON.parse(readFileSync(`${root}packages/${dir}/package.json`, "utf8"))
    return { dir, name: json.name, deps: Object.keys({ ...json.dependencies, ...json.peerDependencies }) }
  })

const built = new Set<string>()
const build = (pkg: Pkg) => {
  if (built.has(pkg.name)) return
  built.add(pkg.name)
  for (const dep of pkg.deps) {
    const local = packages.find((p) => p.name === dep)
    if (local !== undefined) build(local)
  }
  console.log(`building ${pkg.name}`)
  execFileSync(process.execPath, [tsc, "-p", `${root}packages/${pkg.dir}/tsconfig.build.json`], { stdio: "inherit" })
}

packages.forEach(build)
