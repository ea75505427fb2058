/**
 * `pnpm pack:all`: packs every package (see `scripts/packages.ts`) into `build/tarballs/` as it
 * would be published (pnpm applies `publishConfig`), and prints each tarball's size.
 * `pnpm attw` and `pnpm consumer` read the tarballs from there.
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { gunzipSync } from "node:zlib"
import { packages, root } from "./packages.js"

export const tarballs = `${root}build/tarballs`

/** pnpm itself: the one running this script, or the project's pinned version through npx. */
const pnpm = (args: ReadonlyArray<string>, cwd: string) =>
  process.env.npm_execpath?.includes("pnpm")
    ? execFileSync(process.execPath, [process.env.npm_execpath, ...args], { cwd, encoding: "utf8" })
    : execFileSync("npx", ["-y", "pnpm@10.34.9", ...args], { cwd, encoding: "utf8" })

/** The tarball of a package, by its name. */
export const tarballOf = (name: string, version: string) =>
  `${tarballs}/${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync(tarballs, { recursive: true, force: true })
  mkdirSync(tarballs, { recursive: true })
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`
  for (const pkg of packages()) {
    pnpm(["pack", "--pack-destination", tarballs], pkg.path)
    const file = tarballOf(pkg.manifest.name, pkg.manifest.version)
    const packed = statSync(file).size
    const unpacked = gunzipSync(readFileSync(file)).length
    console.log(`${pkg.manifest.name}: ${kb(packed)} packed, ${kb(unpacked)} unpacked (${file.slice(root.length)})`)
  }
}
