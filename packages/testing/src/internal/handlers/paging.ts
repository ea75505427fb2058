/**
 * Pagination as the API documents it: 1-based pages of 25, `total` and `pages`, and the record cap
 * (only the newest `cap` records of a query are reachable).
 */
import type { Archive, Selection, View } from "../archive.js"
import { EncodedPage } from "../handler.js"

export const pageSize = 25

export interface Page {
  readonly total: number
  readonly pages: number
  /** The indexes of the page's records, in order. */
  readonly indexes: ReadonlyArray<number>
}

/** One page of a selection. `total` counts every match; `pages` only those within the cap. */
export const page = (selection: Selection, page: number, cap: number): Page => {
  const reachable = Math.min(selection.total, cap)
  const pages = Math.ceil(reachable / pageSize)
  const start = (page - 1) * pageSize
  const end = Math.min(start + pageSize, reachable)
  const indexes: Array<number> = []
  for (let k = start; k < end; k++) indexes.push(selection.at(k))
  return { total: selection.total, pages, indexes }
}

/**
 * The answer of a page of `archive`'s records under `field` (`chats`): spliced from the records'
 * kept JSON, or (`encoded: false`, the uncached answer) the records themselves, to be encoded.
 */
export const answer = <F extends string, T, V extends View>(
  field: F,
  archive: Archive<T, V>,
  result: Page,
  encoded: boolean
): EncodedPage | ({ readonly [K in F]: Array<T> } & { readonly total: number; readonly pages: number }) =>
  encoded
    ? new EncodedPage(field, result.indexes.map((i) => archive.json(i)), result.total, result.pages)
    : { [field]: result.indexes.map((i) => archive.get(i)), total: result.total, pages: result.pages } as
      & { readonly [K in F]: Array<T> }
      & { readonly total: number; readonly pages: number }
