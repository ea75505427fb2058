/**
 * Splits a command line into words as a POSIX shell would for plain words and quotes: `'…'` keeps
 * everything, `"…"` keeps everything but `\"` and `\\`, a backslash outside quotes escapes the next
 * character. No variables, globs or pipes.
 */
export const split = (line: string): ReadonlyArray<string> | string => {
  const words: Array<string> = []
  let word: string | undefined
  let i = 0
  while (i < line.length) {
    const c = line[i]
    if (c === " " || c === "\t") {
      if (word !== undefined) words.push(word)
      word = undefined
      i++
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end === -1) return "unterminated '"
      word = (word ?? "") + line.slice(i + 1, end)
      i = end + 1
    } else if (c === "\"") {
      let text = ""
      i++
      while (i < line.length && line[i] !== "\"") {
        if (line[i] === "\\" && (line[i + 1] === "\"" || line[i + 1] === "\\")) i++
        text += line[i]
        i++
      }
      if (i >= line.length) return "unterminated \""
      word = (word ?? "") + text
      i++
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[i + 1]
      i += 2
    } else {
      word = (word ?? "") + c
      i++
    }
  }
  if (word !== undefined) words.push(word)
  return words
}
