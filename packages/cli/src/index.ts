/**
 * @since 0.1.0
 */
export * as Chart from "./Chart.js"
/**
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"
/**
 * @since 0.1.0
 */
export * as Connection from "./Connection.js"
/**
 * @since 0.1.0
 */
export * as ExitCode from "./ExitCode.js"
/**
 * @since 0.1.0
 */
export * as Export from "./Export.js"
/**
 * @since 0.1.0
 */
export * as Flags from "./Flags.js"
/**
 * @since 0.1.0
 */
export * as ProgressBar from "./ProgressBar.js"
