/**
 * npm run parse: reads JSON Lines on stdin ({"text", "now", "role"?}) and writes one JSON line per
 * input, in order. Outside, the contact kinds are called `types`; this is where the name changes.
 */
import './closed-pipe.ts'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { createUnderstanding, parse, type ParseResult, type Understanding } from '../src/understanding/index.ts'

export type ParseLine = Record<string, unknown>

/** The flat record of the parse format for one result. */
export function toParseLine(result: ParseResult): ParseLine {
  switch (result.intent) {
    case 'report_contact': {
      const { intent, kinds, date, time, place, targets, faceToFace, opinions, summary, missing } = result
      const outsideMissing = missing.map((m) => (m === 'kinds' ? 'types' : m))
      return { intent, types: kinds, date, time, place, targets, faceToFace, opinions, summary, missing: outsideMissing }
    }
    case 'edit': {
      const { kinds, ...changes } = result.changes
      return { intent: result.intent, field: result.field === 'kinds' ? 'types' : result.field, changes: kinds ? { ...changes, types: kinds } : changes, ...(result.adds ? { adds: true } : {}), ...(result.removes ? { removes: true } : {}) }
    }
    default:
      return { ...result }
  }
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/** One input line to one output line; a bad line gives {"error": …} and the run goes on. */
export function parseLine(line: string, understanding: Understanding): ParseLine {
  let input: unknown
  try {
    input = JSON.parse(line)
  } catch {
    return { error: 'line is not JSON' }
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { error: 'line is not a JSON object' }
  const { text, now, role } = input as Record<string, unknown>
  if (typeof text !== 'string' || text.trim() === '') return { error: 'text must be a non-empty string' }
  if (typeof now !== 'string' || !ISO_WITH_OFFSET.test(now) || Number.isNaN(Date.parse(now))) {
    return { error: 'now must be an ISO 8601 date-time with an offset, e.g. 2026-11-18T10:00:00+08:00' }
  }
  if (role !== undefined && typeof role !== 'string') return { error: 'role must be a string when given' }
  return toParseLine(parse(text, { now: new Date(now), ...(role === undefined ? {} : { role }) }, understanding))
}

async function main(): Promise<void> {
  const understanding = createUnderstanding('conversations/vocabulary')
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue
    process.stdout.write(`${JSON.stringify(parseLine(line, understanding))}\n`)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
