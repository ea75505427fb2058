/**
 * `pnpm manifests`: writes the derived fields of every package's `package.json` (layout, exports
 * map, metadata; see `scripts/packages.ts`), its `docgen.json`, and copies the root LICENSE into
 * each package.
 * `pnpm manifests --check` changes nothing and fails, naming the files, when one is out of date.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { binLauncher, docgenConfig, expectedManifest, packages, root } from "./packages.js"

const check = process.argv.includes("--check")
const license = readFileSync(`${root}LICENSE`, "utf8")
const stale: Array<string> = []

const sync = (path: string, content: string) => {
  let current: string | undefined
  try {
    current = readFileSync(path, "utf8")
  } catch {
    current = undefined
  }
  if (current === content) return
  if (check) stale.push(path.slice(root.length))
  else writeFileSync(path, content, path.endsWith(".js") ? { mode: 0o755 } : {})
}

for (const pkg of packages()) {
  if (pkg.manifest.bin !== undefined && pkg.bins.length === 0) {
    console.error(
      `${pkg.manifest.name}: its binaries belong in src/bin/<name>.ts (the "bin" field is derived from them)`
    )
    process.exit(1)
  }
  sync(`${pkg.path}package.json`, `${JSON.stringify(expectedManifest(pkg), null, 2)}\n`)
  sync(`${pkg.path}LICENSE`, license)
  for (const bin of pkg.bins) {
    if (!check) mkdirSync(`${pkg.path}bin`, { recursive: true })
    sync(`${pkg.path}bin/${bin}.js`, binLauncher(pkg, bin))
  }
  sync(`${pkg.path}docgen.json`, `${JSON.stringify(docgenConfig(), null, 2)}\n`)
}

if (stale.length > 0) {
  console.error(`Out of date (run \`pnpm manifests\`): ${stale.join(", ")}`)
  process.exit(1)
}
