/** Cuts text to at most maxBytes of UTF-8 without splitting a character; platforms count their limits in bytes. */
export function fitBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  const ellipsis = '…'
  let bytes = Buffer.byteLength(ellipsis)
  let end = 0
  for (const char of text) {
    const size = Buffer.byteLength(char)
    if (bytes + size > maxBytes) break
    bytes += size
    end += char.length
  }
  return text.slice(0, end) + ellipsis
}
