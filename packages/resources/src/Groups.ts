/**
 * Groups endpoints.
 *
 * @since 0.1.0
 */

/**
 * The Groups endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {} as const
