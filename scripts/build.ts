/**
 * `pnpm build`: builds every package under packages/ with a `tsconfig.build.json`, dependencies
 * first (packages are found on disk, see `scripts/packages.ts`), into the layout Effect's packages
 * publish, with declarations for both module systems:
 *
 * - `dist/esm`: ES modules and their `.d.ts` (`tsc -p tsconfig.build.json`);
 * - `dist/cjs`: CommonJS (each source compiled on its own by esbuild, as `isolatedModules`
 *   guarantees it can be) with the same declarations, read as CommonJS ones there
 *   (`dist/cjs/package.json` says `"type": "commonjs"`).
 *
 * It first checks that the manifests are up to date (`pnpm manifests --check`) and that no
 * `@internal` tag sits in a file's header comment or right above an `import`: TypeScript attaches
 * that comment to the statement below it, `stripInternal` deletes the statement from the
 * declarations, and the names it declared or imported dangle (the published types read them as
 * `any`). Modules under `internal/` need no tag: they are not exported.
 */
import { build, type Plugin, transformSync } from "esbuild"
import { execFileSync } from "node:child_process"
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, relative } from "node:path"
import { bundledBins, packages, root } from "./packages.js"

const tsc = `${root}node_modules/typescript/bin/tsc`

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = `${dir}/${name}`
    return statSync(path).isDirectory() ? walk(path) : [path]
  })

/** A doc comment holding `@internal` that opens the file, or sits directly above an import statement. */
const misplacedInternal = [
  /^\s*\/\*\*(?:(?!\*\/)[\s\S])*@internal/,
  /\/\*\*(?:(?!\*\/)[\s\S])*@internal(?:(?!\*\/)[\s\S])*\*\/\s*import[\s{*]/
]

/**
 * `@effect/cli` reads option values from YAML, TOML and INI files (`Options.fileParse`), and
 * imports the three parsers at its top: a quarter of a megabyte parsed at every start-up. Our
 * commands read no such files, so the bundle gets a stand-in of each that refuses to parse.
 */
const withoutConfigFileParsers: Plugin = {
  name: "without-config-file-parsers",
  setup(build) {
    build.onResolve({ filter: /^(yaml|toml|ini)$/ }, (args) => ({ path: args.path, namespace: "refused-parser" }))
    build.onLoad({ filter: /.*/, namespace: "refused-parser" }, (args) => ({
      contents: `export const parse = () => { throw new Error("livechat reads no ${args.path} files") }`,
      loader: "js"
    }))
  }
}

/**
 * A package's binaries bundled from its built ES modules into `outdir` (`<bin>.js` and shared
 * chunks): what its code imports, tree-shaken, in a few files; a dynamic `import()` (the sync, the
 * fake) becomes a chunk loaded when it runs. Native modules stay outside, resolved from
 * `node_modules` as any dependency (`better-sqlite3` is a dependency of the package for that).
 */
const bundleBins = async (entryPoints: ReadonlyArray<string>, outdir: string) => {
  await build({
    entryPoints: [...entryPoints],
    outdir,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    chunkNames: "chunks/[name]-[hash]",
    // Less to parse at start-up; names are kept, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    external: ["better-sqlite3", "pg-native"],
    plugins: [withoutConfigFileParsers],
    logLevel: "warning",
    // CommonJS dependencies (pg's, undici's) need `require` in an ES module.
    banner: {
      js:
        "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
    }
  })
}

const all = packages()

execFileSync(process.execPath, ["--import", "tsx", `${root}scripts/manifests.ts`, "--check"], { stdio: "inherit" })

const misplaced = all.flatMap((pkg) =>
  walk(`${pkg.path}src`).filter((file) =>
    file.endsWith(".ts") && misplacedInternal.some((pattern) => pattern.test(readFileSync(file, "utf8")))
  )
)
if (misplaced.length > 0) {
  console.error(
    "`@internal` in a file's header or right above an import (stripInternal would drop the statement below it" +
      " from the declarations; internal/ modules need no tag, they are not exported):\n  " +
      misplaced.map((file) => file.slice(root.length)).join("\n  ")
  )
  process.exit(1)
}

for (const pkg of all) {
  console.log(`building ${pkg.manifest.name}`)
  const dist = `${pkg.path}dist`
  rmSync(dist, { recursive: true, force: true })
  // The layout is set here, whatever the package's tsconfig.build.json says.
  execFileSync(process.execPath, [
    tsc,
    "-p",
    `${pkg.path}tsconfig.build.json`,
    ...["--rootDir", `${pkg.path}src`, "--outDir", `${dist}/esm`],
    ...["--declaration", "--declarationMap", "--sourceMap"]
  ], { stdio: "inherit" })
  // Declaration files in the sources (types of untyped modules) have no output of their own.
  for (const source of walk(`${pkg.path}src`).filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))) {
    const rel = relative(`${pkg.path}src`, source).slice(0, -3)
    const out = `${dist}/cjs/${rel}.js`
    mkdirSync(dirname(out), { recursive: true })
    const { code, map } = transformSync(readFileSync(source, "utf8"), {
      loader: "ts",
      format: "cjs",
      target: "es2022",
      sourcemap: "external",
      sourcesContent: false,
      sourcefile: relative(dirname(out), source)
    })
    writeFileSync(out, `${code}//# sourceMappingURL=${rel.split("/").pop()}.js.map\n`)
    writeFileSync(`${out}.map`, map)
    for (const ext of [".d.ts", ".d.ts.map"]) copyFileSync(`${dist}/esm/${rel}${ext}`, `${dist}/cjs/${rel}${ext}`)
  }
  writeFileSync(`${dist}/cjs/package.json`, `${JSON.stringify({ type: "commonjs" })}\n`)
  if (bundledBins.has(pkg.manifest.name as string)) {
    await bundleBins(pkg.bins.map((bin) => `${dist}/esm/bin/${bin}.js`), `${dist}/bundle`)
  }
}
