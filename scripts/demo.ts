/**
 * npm run demo: a sample university in the store, to try the duties: the sample roster with its
 * assignments (docs/sample-roster.csv), and the contacts and opinions of the current semester up
 * to yesterday, some leaders keeping up and some not. Deterministic and idempotent: running it
 * again adds nothing. Works whether or not the bot runs (see openToolStore).
 */
import { fileURLToPath, pathToFileURL } from 'node:url'
import { periodOf } from '../src/domain/calendar/periods.ts'
import { addDays, isoWeekday, shanghaiDate, startOfShanghaiDate, weekStart, type ShanghaiDate } from '../src/domain/calendar/shanghai-date.ts'
import { addWorkingDays, isWorkingDay } from '../src/domain/calendar/working-days.ts'
import { importRoster } from '../src/domain/people/import-roster.ts'
import { readRosterTable } from '../src/domain/people/read-roster-table.ts'
import { loadRosterFormat } from '../src/domain/people/roster-format.ts'
import { isLeader, type Person } from '../src/domain/people/person.ts'
import { createLogger } from '../src/log.ts'
import type { Services } from '../src/services.ts'
import { loadMessages } from '../src/messages.ts'
import { categorizeOpinion, readAmounts } from '../src/understanding/index.ts'
import { z } from 'zod'
import { loadYamlFile } from '../src/domain/load-yaml-file.ts'
import { EXIT, failedTool, print, toolConfig, usingStore } from './cli.ts'
import { openToolServices } from './tool-services.ts'

const SAMPLE_ROSTER = fileURLToPath(new URL('../docs/sample-roster.csv', import.meta.url))
const DEMO_FILE = fileURLToPath(new URL('../docs/demo-contacts.yaml', import.meta.url))

const demoSchema = z.strictObject({
  diligence: z.record(z.string(), z.number().min(0).max(1)),
  defaultDiligence: z.number().min(0).max(1),
  fallbackTarget: z.string().min(1),
  contacts: z.array(z.strictObject({ kinds: z.array(z.string()).min(1), place: z.string().nullable(), text: z.string().min(1), faceToFace: z.boolean().default(true), opinion: z.string().optional() })).min(1),
  resolution: z.string().min(1),
})
type Demo = z.infer<typeof demoSchema>
type DemoContact = Demo['contacts'][number]

/** A small deterministic generator, so the demo is the same every time. */
function random(seed: string): () => number {
  let h = 2166136261
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619)
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507)
    h = Math.imul(h ^ (h >>> 13), 3266489909)
    return ((h ^= h >>> 16) >>> 0) / 4294967296
  }
}

async function load(services: Services, demo: Demo, today: ShanghaiDate): Promise<{ contacts: number; opinions: number; from: ShanghaiDate }> {
  const format = loadRosterFormat()
  const { people, units, assignments } = services
  const imported = await importRoster(await readRosterTable(SAMPLE_ROSTER, format), { people, units, assignments }, format, { dryRun: false, now: new Date(), routedUnits: [] })
  if (imported.parsed.refused.length > 0) throw new Error(`the sample roster has refused rows: ${JSON.stringify(imported.parsed.refused)}`)
  const semester = periodOf('semester', today, services.semesters) ?? periodOf('semester', services.semesters.filter((s) => s.end < today).at(-1)!.end, services.semesters)!
  const leaders = (await people.list()).filter(isLeader)
  let contacts = 0
  let opinions = 0
  for (const leader of leaders) {
    const chance = random(leader.name)
    const links = await assignments.list({ personId: leader.id })
    for (let monday = semester.start; monday < today; monday = addDays(monday, 7)) {
      if (chance() > (demo.diligence[leader.name] ?? demo.defaultDiligence)) continue
      const count = 1 + Math.floor(chance() * 2)
      for (let i = 0; i < count; i++) {
        const date = addDays(monday, Math.floor(chance() * 5))
        if (date >= today || !isWorkingDay(date, services.calendar.calendar)) continue
        const shape = demo.contacts[Math.floor(chance() * demo.contacts.length)]!
        const target = links.length > 0 && chance() < 0.6 ? links[Math.floor(chance() * links.length)]!.target : demo.fallbackTarget
        const saved = await save(services, demo, leader, date, shape, target, `demo:${leader.id}:${date}:${i}`)
        contacts++
        if (saved) opinions++
      }
    }
  }
  return { contacts, opinions, from: semester.start }
}

async function save(services: Services, demo: Demo, leader: Person, date: ShanghaiDate, shape: DemoContact, target: string, sourceKey: string): Promise<boolean> {
  const text = shape.text.replace('{target}', target)
  const createdAt = new Date(startOfShanghaiDate(date).getTime() + 15 * 3600_000)
  const contact = await services.contacts.insert({
    kinds: shape.kinds,
    date,
    time: '15:00',
    place: shape.place,
    targets: [target],
    faceToFace: shape.faceToFace,
    opinions: shape.opinion ? [shape.opinion] : [],
    summary: text,
    ...readAmounts(text, services.understanding),
    leaderId: leader.id,
    enteredById: leader.id,
    status: 'confirmed',
    text,
    sourceKey,
    createdAt,
  })
  if (!shape.opinion) return false
  // Opinions are written as they would stand today, without telling anyone: the demo is history.
  const category = categorizeOpinion(shape.opinion, services.understanding)
  const unit = await services.units.ensure(services.routing.unitNameFor(category), 'office', createdAt)
  const due = addWorkingDays(date, services.deadlines.forContact(shape.kinds).workingDays, services.calendar.calendar)
  const opinion = await services.opinions.register({
    source: 'contact',
    contactId: contact.id,
    leaderId: leader.id,
    anonymous: false,
    category,
    content: shape.opinion,
    raisedIn: shape.kinds,
    raisedOn: date,
    responsibleUnitId: unit.id,
    handlerUnitId: unit.id,
    status: 'open',
    dueDate: due.date,
    dueDateCertain: due.certain,
    history: [{ at: createdAt, by: leader.id, action: 'registered', detail: unit.name }],
    sourceKey: `${sourceKey}#opinion0`,
    createdAt,
  })
  await services.contacts.linkOpinions(contact.id, [opinion.id])
  // Most opinions older than their deadline were answered in time; a few were not.
  if (due.date < shanghaiDate(new Date()) && isoWeekday(date) !== 5) {
    const answeredOn = addDays(date, 3)
    const at = new Date(startOfShanghaiDate(answeredOn).getTime() + 10 * 3600_000)
    await services.opinions.transition(opinion.id, ['open'], { status: 'answered', resolution: { text: demo.resolution, by: 'demo', at } }, { at, by: 'demo', action: 'answered' })
  }
  return true
}

export async function main(): Promise<number> {
  const config = toolConfig()
  if (!config) return EXIT.failed
  const log = createLogger(config.log, process.stderr)
  try {
    return await usingStore(config, log, (error) => loadMessages().text('DUTIES_STORE_UNAVAILABLE', { error }), async (store) => {
      const { services } = await openToolServices(config, log, store)
      const today = shanghaiDate(new Date())
      const loaded = await load(services, loadYamlFile(DEMO_FILE, demoSchema), today)
      print(services.messages.text('DEMO_LOADED', { from: loaded.from, to: addDays(today, -1), contacts: loaded.contacts, opinions: loaded.opinions, profile: services.rules.name, monday: weekStart(today) }))
      return EXIT.done
    })
  } catch (error) {
    return failedTool(error, log, 'demo')
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main()