#!/usr/bin/env node
// `livechat-fake`: the built program (`pnpm build`). Written by `pnpm manifests`: do not edit.
import "../dist/esm/bin/livechat-fake.js"
