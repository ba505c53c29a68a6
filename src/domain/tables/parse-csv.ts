/**
 * RFC 4180 CSV as Excel writes it: quoted cells with "" for a quote, CRLF or LF line ends.
 * The delimiter is a comma, or a tab when the first line has tabs and no commas. A quoted cell
 * may hold line breaks, so record n is row n of the sheet Excel shows, whatever line it starts on.
 */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
  const records: string[][] = []
  let values: string[] = []
  let value = ''
  let quoted = false
  const endValue = () => {
    values.push(value)
    value = ''
  }
  const endRecord = () => {
    endValue()
    records.push(values)
    values = []
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        value += '"'
        i++
      } else if (c === '"') quoted = false
      else value += c
    } else if (c === '"' && value === '') quoted = true
    else if (c === delimiter) endValue()
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRecord()
    } else value += c
  }
  if (value !== '' || values.length > 0) endRecord()
  return records
}
