/**
 * Shared checks of the client's options.
 * @internal
 */

/** Why `value` is not an options object with only the `names` given, or `undefined`. */
export const objectProblem = (
  value: unknown,
  field: string,
  names: ReadonlyArray<string>
): { field: string; detail: string } | undefined => {
  if (typeof value !== "object" || value === null) return { field, detail: "must be an object or false" }
  for (const key of Object.keys(value)) {
    if (!names.includes(key)) return { field: `${field}.${key}`, detail: `is not an option (${names.join(", ")})` }
  }
  return undefined
}
