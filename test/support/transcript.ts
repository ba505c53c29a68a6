import { readFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Types } from 'mongoose'
import { parse } from 'yaml'
import { z } from 'zod'
import { plainText, type OutboundMessage } from '../../src/channels/message.ts'
import { importRoster } from '../../src/domain/people/import-roster.ts'
import { loadRosterFormat } from '../../src/domain/people/roster-format.ts'
import { readRosterTable } from '../../src/domain/people/read-roster-table.ts'
import { Assignments } from '../../src/store/assignments.ts'
import { People } from '../../src/store/people.ts'
import { Units } from '../../src/store/units.ts'
import { localUserId } from '../../src/domain/people/person.ts'
import { startTestApp, type TestApp } from './test-app.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** A pattern in a transcript: `/…/` is a regular expression, anything else a substring. */
const pattern = z.string().min(1)
const patterns = z.union([pattern, z.array(pattern)]).transform((p) => (Array.isArray(p) ? p : [p]))
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/)

const say = z.strictObject({
  /** Who speaks: a local user id (a roster person's WeCom id, or a requester's id). */
  as: z.string(),
  /** A pretend group to speak in; one-to-one when absent. */
  in: z.string().optional(),
  /** What the person types; or `press`: the value of that button of the last card they were sent. */
  say: z.string().optional(),
  press: z.string().optional(),
  /** How long after the previous turn this one happens (default 1m). */
  after: duration.optional(),
  /** The answers in the chat spoken in must match each, in order of appearance. */
  expect: patterns.optional(),
  /** ... and must not match these. */
  not: patterns.optional(),
  /** In a group: what the speaker gets one-to-one. */
  private: patterns.optional(),
  /** What other people get one-to-one because of this turn (notifications), by local user id; [] means nothing. */
  others: z.record(z.string(), z.union([patterns, z.array(z.never()).length(0)])).optional(),
})
const wait = z.strictObject({
  /** Time passes with nobody writing: sessions expire, the sweep runs. */
  wait: duration,
  as: z.string(),
  expect: patterns.optional(),
})
const transcriptSchema = z.strictObject({
  title: z.string(),
  now: z.string().datetime({ offset: true }),
  /** The roster imported before the first turn; false for none. */
  roster: z.union([z.string(), z.literal(false)]).default('docs/sample-roster.csv'),
  env: z.record(z.string(), z.string()).default({}),
  turns: z.array(z.union([say.refine((t) => (t.say === undefined) !== (t.press === undefined), 'a turn says something or presses a button'), wait])).min(1),
  /** Documents that must be stored at the end, by collection: each must match one document. */
  stored: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).default({}),
  /** Exact numbers of documents per collection at the end. */
  counts: z.record(z.string(), z.number().int().min(0)).default({}),
})

export type Transcript = z.infer<typeof transcriptSchema> & { readonly file: string }

export function loadTranscript(file: string): Transcript {
  const parsed = transcriptSchema.safeParse(parse(readFileSync(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`)
  return { ...parsed.data, file }
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const
function ms(text: string): number {
  const [, n, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(text)!
  return Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS]
}

interface Reader {
  readonly box: { type: 'single' | 'group'; id: string }
  last: number
  epoch: string
  /** The last card that arrived in the box, for `press`. */
  card?: Extract<OutboundMessage, { kind: 'card' }>
}

/**
 * Plays a transcript through the real bot: the local channel over HTTP, the inbox, the
 * conversation engine, the outbox and the local sender, on an in-memory store with the roster
 * imported by the roster code. The clock is the transcript's: it moves only between turns.
 */
export async function playTranscript(transcript: Transcript, check: (ok: boolean, message: string) => void): Promise<void> {
  let clock = Date.parse(transcript.now)
  const app = await startTestApp({ env: { LOCAL_CHAT: 'on', ...transcript.env }, now: () => new Date(clock), sessionSweepIntervalMs: 30 })
  try {
    const ids = transcript.roster ? await importRosterFile(app, path.resolve(ROOT, transcript.roster)) : new Map<string, string>()
    const unitIds = async () => new Map((await (await Units.open(app.store.connection)).list()).map((u) => [u.name, u.id]))
    const names = new Map<string, string>(await localNames(app))
    const readers = new Map<string, Reader>()
    const reader = (type: 'single' | 'group', id: string) => {
      const key = `${type}:${id}`
      if (!readers.has(key)) readers.set(key, { box: { type, id }, last: 0, epoch: '' })
      return readers.get(key)!
    }
    for (const turn of transcript.turns) {
      if (!('wait' in turn)) for (const id of [turn.as, ...Object.keys(turn.others ?? {})]) reader('single', id)
      if (!('wait' in turn) && turn.in) reader('group', turn.in)
      if ('wait' in turn) reader('single', turn.as)
    }
    for (const r of readers.values()) await read(app, r)

    for (const [index, turn] of transcript.turns.entries()) {
      const where = `${path.basename(transcript.file)} turn ${index + 1}`
      if ('wait' in turn) {
        clock += ms(turn.wait)
        await sleep(200)
        await settle(app)
        const got = await read(app, reader('single', turn.as))
        expectAll(check, got, turn.expect ?? [], `${where} (${turn.as} after ${turn.wait})`)
        continue
      }
      clock += ms(turn.after ?? '1m')
      const chatBox = turn.in ? reader('group', turn.in) : reader('single', turn.as)
      // A button is pressed on a card that may have arrived since the box was last read.
      if (turn.press) await read(app, chatBox)
      const text = turn.say ?? pressed(chatBox, turn.press!, where)
      const response = await fetch(`${app.url}/local/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: `turn${index}`,
          sender: { userId: turn.as, name: names.get(turn.as) ?? turn.as },
          chat: turn.in ? { type: 'group', chatId: turn.in } : { type: 'single' },
          text,
        }),
      })
      check(response.status === 202, `${where}: POST answered ${response.status}`)
      await settle(app)
      const heard = await read(app, chatBox)
      const said = `${where} (${turn.as}: ${text})`
      expectAll(check, heard, turn.expect ?? [], said)
      for (const p of turn.not ?? []) check(!heard.some((m) => test(p, m)), `${said}: the answers must not match ${p}, got:\n${heard.join('\n---\n')}`)
      if (turn.in) expectAll(check, await read(app, reader('single', turn.as)), turn.private ?? [], `${said} privately`)
      for (const [other, expected] of Object.entries(turn.others ?? {})) {
        const got = await read(app, reader('single', other))
        if (expected.length === 0) check(got.length === 0, `${said}: ${other} must get nothing, got:\n${got.join('\n---\n')}`)
        else expectAll(check, got, expected, `${said} → ${other}`)
      }
    }

    const db = app.store.connection
    for (const [collection, expected] of Object.entries(transcript.stored)) {
      const docs = await db.collection(collection).find().toArray()
      for (const item of expected) {
        const resolved = resolve(item, ids, await unitIds())
        check(docs.some((d) => matches(d, resolved)), `${path.basename(transcript.file)}: no document in ${collection} matches ${JSON.stringify(item)}; stored:\n${JSON.stringify(docs, null, 1)}`)
      }
    }
    for (const [collection, count] of Object.entries(transcript.counts)) {
      const n = await db.collection(collection).countDocuments()
      check(n === count, `${path.basename(transcript.file)}: ${collection} holds ${n} documents, expected ${count}`)
    }
  } finally {
    await app.close()
  }
}

function expectAll(check: (ok: boolean, message: string) => void, heard: string[], expected: readonly string[], where: string): void {
  let from = 0
  for (const p of expected) {
    const at = heard.findIndex((m, i) => i >= from && test(p, m))
    check(at >= 0, `${where}: expected an answer matching ${p}, got:\n${heard.join('\n---\n') || '(nothing)'}`)
    if (at >= 0) from = at
  }
}

function test(p: string, text: string): boolean {
  return p.length > 2 && p.startsWith('/') && p.endsWith('/') ? new RegExp(p.slice(1, -1), 'u').test(text) : text.includes(p)
}

/** Waits until every accepted message was handled and every answer delivered. */
async function settle(app: TestApp): Promise<void> {
  const outbox = app.store.connection.collection('outbox_messages')
  const deadline = Date.now() + 10_000
  for (;;) {
    await app.inbox.idle()
    const waiting = await outbox.countDocuments({ status: { $in: ['pending', 'sending', 'held'] } })
    if (waiting === 0) return
    if (Date.now() > deadline) throw new Error(`${waiting} outbound messages were not delivered within 10 s`)
    await sleep(10)
  }
}

async function read(app: TestApp, reader: Reader): Promise<string[]> {
  const query = new URLSearchParams({ type: reader.box.type, id: reader.box.id, after: String(reader.last), epoch: reader.epoch })
  const body = (await (await fetch(`${app.url}/local/replies?${query}`)).json()) as { replies: Array<{ message: OutboundMessage }>; last: number; epoch: string }
  reader.last = body.last
  reader.epoch = body.epoch
  for (const { message } of body.replies) if (message.kind === 'card') reader.card = message
  return body.replies.map((r) => plainText(r.message))
}

function pressed(reader: Reader, label: string, where: string): string {
  const button = reader.card?.buttons.find((b) => b.label === label)
  if (!button) throw new Error(`${where}: no button ${label} in the last card sent to ${reader.box.id}`)
  return button.value
}

/** Imports a roster file with the roster code, as `npm run roster -- import` does; the ids of its people by local user id. */
export async function importRosterFile(app: TestApp, file: string): Promise<Map<string, string>> {
  const format = loadRosterFormat()
  const [people, units, assignments] = await Promise.all([People.open(app.store.connection), Units.open(app.store.connection), Assignments.open(app.store.connection)])
  const result = await importRoster(await readRosterTable(file, format), { people, units, assignments }, format, { dryRun: false, now: new Date(), routedUnits: [] })
  if (result.parsed.refused.length > 0) throw new Error(`${file}: rows refused: ${JSON.stringify(result.parsed.refused)}`)
  return new Map((await people.list()).map((p) => [localUserId(p), p.id]))
}

async function localNames(app: TestApp): Promise<Array<[string, string]>> {
  const body = (await (await fetch(`${app.url}/local/people`)).json()) as { people: Array<{ userId: string; name: string }> }
  return body.people.map((p) => [p.userId, p.name])
}

/** `@zhangjianguo` in an expectation stands for that person's id, `#后勤管理处` for that unit's. */
function resolve(value: unknown, people: ReadonlyMap<string, string>, units: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string' && (value.startsWith('@') || value.startsWith('#'))) {
    const id = (value.startsWith('@') ? people : units).get(value.slice(1))
    if (!id) throw new Error(`no roster person or unit ${value}`)
    return id
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, people, units))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, people, units)]))
  return value
}

/** A stored value matches an expected one: objects by the keys given, arrays element by element, `/…/` as a pattern. */
function matches(actual: unknown, expected: unknown): boolean {
  if (actual && typeof (actual as Types.ObjectId).toHexString === 'function') actual = (actual as Types.ObjectId).toHexString()
  if (typeof expected === 'string' && expected.length > 2 && expected.startsWith('/') && expected.endsWith('/')) return actual !== undefined && test(expected, String(actual))
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matches(actual[i], e))
  if (expected && typeof expected === 'object') {
    return actual !== null && typeof actual === 'object' && Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v))
  }
  if (expected === null) return actual === null || actual === undefined
  return actual === expected
}
