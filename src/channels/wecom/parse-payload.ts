import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { parse as parseLosslessJson } from 'lossless-json'

/** The body or the decrypted text is not well-formed XML or JSON of the expected shape. */
export class MalformedPayload extends Error {
  override name = 'MalformedPayload'
}

// Values stay strings (MsgId exceeds 2^53); entities limited to XML's own five.
const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: false })

/**
 * Reads the XML (`<xml>…</xml>`) or JSON object WeCom sends, decided by its first character, into
 * a flat record of strings. JSON numbers keep their digits: MsgId is a bare number above 2^53 (§1.6 set C).
 */
export function parsePayload(text: string): Record<string, unknown> {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('<')) {
    // WeCom never sends a DOCTYPE; refusing it rules out entity expansion attacks.
    if (/<!DOCTYPE/i.test(trimmed)) throw new MalformedPayload('XML with a DOCTYPE')
    const valid = XMLValidator.validate(trimmed)
    if (valid !== true) throw new MalformedPayload(`malformed XML (${valid.err.code} at line ${valid.err.line})`)
    const root: unknown = xml.parse(trimmed).xml
    if (!root || typeof root !== 'object' || Array.isArray(root)) throw new MalformedPayload('XML without an <xml> element')
    return root as Record<string, unknown>
  }
  if (trimmed.startsWith('{')) {
    let value: unknown
    try {
      value = parseLosslessJson(trimmed, null, (digits) => digits)
    } catch (error) {
      throw new MalformedPayload(`malformed JSON (${(error as Error).message.slice(0, 80)})`)
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new MalformedPayload('JSON that is not an object')
    return value as Record<string, unknown>
  }
  throw new MalformedPayload('neither XML nor JSON')
}
