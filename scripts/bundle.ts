/**
 * A program bundled (esbuild, from the sources) into one plain JavaScript file for Node.js, so
 * that what it costs is the library's and not the TypeScript loader's (tsx alone holds ~150 MB),
 * and a CPU profile's frames have readable positions. Used by `pnpm bench` and the fake's
 * `bench/pageCost.ts`.
 */
import { build } from "esbuild"

/** Bundles `entryPoint` into `outfile` (an ES module); resolves with `outfile`. */
export const bundleForNode = async (entryPoint: string, outfile: string): Promise<string> => {
  await build({
    entryPoints: [entryPoint],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@effect-livechat/source"],
    outfile,
    logLevel: "error",
    // CommonJS dependencies (undici's) need `require` in an ES module bundle.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }
  })
  return outfile
}
