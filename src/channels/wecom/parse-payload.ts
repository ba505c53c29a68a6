import { parse as parseLosslessJson } from 'lossless-json'
import { SaxesParser } from 'saxes'

/** The body or the decrypted text is not well-formed XML or JSON of the expected shape. */
export class MalformedPayload extends Error {
  override name = 'MalformedPayload'
}

/**
 * Reads the XML (`<xml>…</xml>`) or JSON object WeCom sends, decided by its first character, into
 * a flat record of strings. JSON numbers keep their digits: MsgId is a bare number above 2^53 (§1.6 set C).
 */
export function parsePayload(text: string): Record<string, unknown> {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('<')) return parseXml(trimmed)
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

/**
 * Characters XML 1.0 forbids even in CDATA, which text pasted into WeCom can still carry (a slide's soft line break
 * is U+000B): refusing the callback would lose the message, so line and form feeds become line breaks, the rest U+FFFD.
 */
const NOT_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

/** An element being read: its child elements so far (in a Map: `__proto__` is a valid XML name), and its text. */
interface OpenElement {
  readonly name: string
  readonly children: Map<string, unknown>
  text: string
}

/**
 * The children of the `<xml>` root as a record: an element holding only text gives its text (a
 * string always: MsgId exceeds 2^53), one with child elements a nested record, a repeated name an
 * array. Attributes are ignored (WeCom sends none). saxes checks well-formedness in the same pass.
 */
function parseXml(text: string): Record<string, unknown> {
  const parser = new SaxesParser()
  const stack: OpenElement[] = []
  let root: Record<string, unknown> | undefined
  parser.on('error', (error) => {
    throw new MalformedPayload(`malformed XML (${error.message.split('\n')[0]!.slice(0, 120)})`)
  })
  // WeCom never sends a DOCTYPE; refusing it rules out entity declarations altogether.
  parser.on('doctype', () => {
    throw new MalformedPayload('XML with a DOCTYPE')
  })
  parser.on('opentag', (tag) => {
    if (stack.length === 0 && tag.name !== 'xml') throw new MalformedPayload('XML without an <xml> element')
    stack.push({ name: tag.name, children: new Map(), text: '' })
  })
  const addText = (chunk: string) => {
    const open = stack.at(-1)
    if (open) open.text += chunk
  }
  parser.on('text', addText)
  parser.on('cdata', addText)
  parser.on('closetag', () => {
    const element = stack.pop()!
    const parent = stack.at(-1)
    if (!parent) {
      root = Object.fromEntries(element.children)
      return
    }
    const value = valueOf(element)
    const earlier = parent.children.get(element.name)
    parent.children.set(element.name, earlier === undefined ? value : Array.isArray(earlier) ? [...earlier, value] : [earlier, value])
  })
  parser.write(text.replace(NOT_XML_CHARACTERS, (c) => (c === '\v' || c === '\f' ? '\n' : '\uFFFD'))).close()
  if (!root) throw new MalformedPayload('XML without an <xml> element')
  return root
}

/** A text-only element is its text; another, a record of its children, with text that is more than layout under `#text`. */
function valueOf(element: OpenElement): unknown {
  if (element.children.size === 0) return element.text
  const record = Object.fromEntries(element.children)
  if (element.text.trim() !== '') record['#text'] = element.text
  return record
}
