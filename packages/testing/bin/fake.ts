/**
 * `pnpm fake` in this repository: the package's `livechat-fake` binary, run from its sources.
 */
import "../src/bin/livechat-fake.js"
