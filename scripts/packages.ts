/**
 * The publishable packages and their manifests, derived from the files on disk: every folder under
 * `packages/` with a `tsconfig.build.json` is built (`pnpm build`), packed, checked with attw and
 * installed by the consumer test (`pnpm consumer`). Its entry points are its modules under `src/`
 * but those under `src/internal/` (`src/index.ts` is `.`), its binaries the files of `src/bin/`.
 *
 * `pnpm manifests` writes the derived fields of every `package.json` (layout, exports map, metadata);
 * `pnpm manifests --check` (run by `pnpm build`) fails when one differs from what it would write.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

export const root = fileURLToPath(new URL("..", import.meta.url))

/** The condition the workspace resolves to sources with (tsconfig, vitest, tsx); never published. */
export const sourceCondition = "@effect-livechat/source"

/** A package's `package.json`, as far as these scripts read it. */
export interface Manifest {
  readonly name: string
  readonly version: string
  readonly [key: string]: unknown
}

export interface Package {
  /** The folder under `packages/`. */
  readonly dir: string
  /** The absolute path of the folder, with a trailing slash. */
  readonly path: string
  readonly manifest: Manifest
  /** The names of its dependencies and peer dependencies. */
  readonly deps: ReadonlyArray<string>
  /** Its public modules: `src/<module>.ts`, not under `internal/` or `bin/` (`index` is the package's root). */
  readonly modules: ReadonlyArray<string>
  /** Its binaries: `src/bin/<name>.ts`. */
  readonly bins: ReadonlyArray<string>
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"))

/** The `.ts` modules under `dir` (without extension), but for those under `skip` folders. */
const tsFiles = (dir: string, skip: ReadonlyArray<string> = []): Array<string> =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? skip.includes(entry.name) ? [] : tsFiles(`${dir}/${entry.name}`, skip).map((m) => `${entry.name}/${m}`)
        : entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")
        ? [entry.name.slice(0, -3)]
        : []
    ).sort((a, b) => a === "index" ? -1 : b === "index" ? 1 : a.localeCompare(b))
    : []

/** Every publishable package, dependencies before the packages that need them. */
export const packages = (): ReadonlyArray<Package> => {
  const found = readdirSync(`${root}packages`)
    .filter((dir) => existsSync(`${root}packages/${dir}/tsconfig.build.json`))
    .map((dir): Package => {
      const path = `${root}packages/${dir}/`
      const manifest = readJson(`${path}package.json`) as Manifest
      return {
        dir,
        path,
        manifest,
        deps: Object.keys({ ...(manifest.dependencies as object), ...(manifest.peerDependencies as object) }),
        modules: tsFiles(`${path}src`, ["internal", "bin"]),
        bins: tsFiles(`${path}src/bin`, ["internal"])
      }
    })
  const ordered: Array<Package> = []
  const visit = (pkg: Package) => {
    if (ordered.includes(pkg)) return
    for (const dep of pkg.deps) {
      const local = found.find((p) => p.manifest.name === dep)
      if (local !== undefined) visit(local)
    }
    ordered.push(pkg)
  }
  found.forEach(visit)
  return ordered
}

const entry = (module: string, source: boolean) => ({
  ...(source ? { [sourceCondition]: `./src/${module}.ts` } : {}),
  import: { types: `./dist/esm/${module}.d.ts`, default: `./dist/esm/${module}.js` },
  require: { types: `./dist/cjs/${module}.d.ts`, default: `./dist/cjs/${module}.js` },
  default: `./dist/cjs/${module}.js`
})

/**
 * The exports map: `./package.json`, then one entry per public module, each with the ESM and the
 * CommonJS build and their own declarations (so both resolve to types of their module system).
 * The workspace's map also points the source condition at `src`; the published one does not.
 */
export const exportsMap = (pkg: Package, source: boolean) =>
  Object.fromEntries([
    ["./package.json", "./package.json"],
    ...pkg.modules.map((module) => [module === "index" ? "." : `./${module}`, entry(module, source)])
  ])

/** The fields every package shares, from the root `package.json` (one place to change them). */
const shared = () => {
  const rootManifest = readJson(`${root}package.json`)
  return {
    author: rootManifest.author as string,
    repository: rootManifest.repository as { readonly type: string; readonly url: string },
    homepage: rootManifest.homepage as string,
    bugs: rootManifest.bugs as { readonly url: string },
    keywords: rootManifest.keywords as ReadonlyArray<string>,
    engines: rootManifest.engines as Record<string, string>
  }
}

/**
 * The manifest a package should have: its own fields (name, version, description, dependencies,
 * peers, its own keywords) kept, the derived ones written, in a stable order.
 */
export const expectedManifest = (pkg: Package): Record<string, unknown> => {
  const own = pkg.manifest
  const base = shared()
  const derived = {
    license: "MIT",
    author: base.author,
    repository: { ...base.repository, directory: `packages/${pkg.dir}` },
    homepage: `${base.homepage}/tree/main/packages/${pkg.dir}#readme`,
    bugs: base.bugs,
    keywords: [...new Set([...base.keywords, ...((own.keywords as Array<string> | undefined) ?? [])])],
    engines: base.engines,
    type: "module",
    sideEffects: [],
    main: "./dist/cjs/index.js",
    module: "./dist/esm/index.js",
    types: "./dist/cjs/index.d.ts",
    ...(pkg.bins.length > 0
      ? { bin: Object.fromEntries(pkg.bins.map((bin) => [bin, `./bin/${bin}.js`])) }
      : {}),
    files: ["dist", "src", ...(pkg.bins.length > 0 ? ["bin"] : []), "README.md", "LICENSE", "CHANGELOG.md"],
    exports: exportsMap(pkg, true),
    publishConfig: { access: "public", exports: exportsMap(pkg, false) }
  }
  const {
    bin: _bin,
    exports: _exports,
    name,
    publishConfig: _publish,
    scripts: _scripts,
    version,
    description,
    ...rest
  } = own
  const kept = Object.fromEntries(Object.entries(rest).filter(([key]) => !(key in derived)))
  return { name, version, description, ...derived, ...kept }
}

/**
 * The package's `docgen.json`: the API reference of its public modules (`pnpm docgen`), with the
 * JSDoc examples type-checked against the workspace's sources.
 */
export const docgenConfig = () => ({
  $schema: "../../node_modules/@effect/docgen/schema.json",
  exclude: ["src/internal/**/*.ts", "src/bin/**/*.ts"],
  examplesCompilerOptions: {
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    moduleResolution: "Bundler",
    module: "Preserve",
    target: "ES2022",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    types: ["node"],
    customConditions: [sourceCondition]
  }
})

/**
 * The packages whose binaries are bundled (`pnpm build` writes `dist/bundle/<name>.js`, see
 * `scripts/build.ts`): a command a person types should start at once, and one file of the code it
 * needs loads about 3× faster in Node than hundreds of modules; the commands that need the sync or
 * the fake load their chunks when they run.
 */
export const bundledBins: ReadonlySet<string> = new Set(["@effect-livechat/cli"])

/**
 * What a package's `bin/<name>.js` holds: a launcher of the built program, committed, so that the
 * binary exists before the first build and installing the workspace links it without a warning.
 */
export const binLauncher = (pkg: Package, bin: string): string =>
  [
    "#!/usr/bin/env node",
    `// \`${bin}\`: the built program (\`pnpm build\`). Written by \`pnpm manifests\`: do not edit.`,
    `import "../dist/${bundledBins.has(pkg.manifest.name as string) ? "bundle" : "esm/bin"}/${bin}.js"`,
    ""
  ].join("\n")
