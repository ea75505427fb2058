import { defineConfig } from "vitest/config"
import projects from "./vitest.workspace.js"

/** Resolve workspace packages to their TypeScript sources (see each package's `exports`). */
const conditions = ["@effect-livechat/source"]

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects,
    // CI reads the JSON report to print its `N passed, N failed` line.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".ci/results.json" }]] : ["default"]
  }
})
