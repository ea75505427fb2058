#!/usr/bin/env node
/**
 * The `livechat` binary.
 *
 * @since 0.1.0
 */
import { main } from "../Cli.js"

main()
