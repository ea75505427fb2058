/**
 * Tags endpoints.
 *
 * @since 0.1.0
 */

/**
 * The Tags endpoints, as data.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {} as const
