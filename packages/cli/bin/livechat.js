#!/usr/bin/env node
// `livechat`: the built program (`pnpm build`). Written by `pnpm manifests`: do not edit.
import "../dist/bundle/livechat.js"
