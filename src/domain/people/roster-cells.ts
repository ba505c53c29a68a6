/**
 * Cleaning of roster cells typed by hand in Excel: full-width letters and punctuation become
 * ASCII (NFKC), invisible characters go, and spaces are trimmed and collapsed.
 */
export function cleanCell(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Names of people and units: also drops the spaces that pad names in Chinese tables (张　伟). */
export function cleanName(value: string): string {
  return cleanCell(value).replace(/(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])/g, '')
}

/** Platform ids never contain spaces: any there were typed by accident. */
export function cleanId(value: string): string {
  return cleanCell(value).replace(/ /g, '')
}

/** The items of a list cell, separated by 、 , ; / or line breaks (full-width ones too). */
export function splitList(value: string): string[] {
  return value
    .normalize('NFKC')
    .split(/[、,;/\n\r]+/)
    .map(cleanName)
    .filter((item) => item !== '')
}
