/**
 * @since 0.1.0
 */
export * as Migrations from "./Migrations.js"
/**
 * @since 0.1.0
 */
export * as Sync from "./Sync.js"
/**
 * @since 0.1.0
 */
export * from "./SyncError.js"
/**
 * @since 0.1.0
 */
export * as Push from "./Push.js"
