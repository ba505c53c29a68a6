/**
 * npm run bench:duties — the duties of a large university on the embedded store (journaled, on
 * its own thread, as `npm start` runs it): every rule's status for 2,000 leaders over an academic
 * year of 200,000 contacts, and a weekly nudge run for them sent through the WeCom app to a fake
 * WeCom API on 127.0.0.1 that enforces the per-member limit (30 a minute, errcode 45009 past it).
 * The bot reads the year's contacts once at start; a status run reads only the contacts written since.
 * Each next to a naive baseline run in the same process: one query per leader per rule, and one
 * progress query per leader before each nudge. Prints figures; asserts nothing.
 *   npm run bench:duties -- [--leaders 2000] [--contacts 200000] [--baseline-sample 200]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { Types } from 'mongoose'
import { loadConfig } from '../src/config/load-config.ts'
import { periodOf } from '../src/domain/calendar/periods.ts'
import { addDays, shanghaiDate } from '../src/domain/calendar/shanghai-date.ts'
import type { CountedContact, DutyFacts } from '../src/domain/duties/duty-facts.ts'
import { dutyStatus } from '../src/domain/duties/duty-status.ts'
import { ruleLines } from '../src/domain/duties/duty-texts.ts'
import type { Rule } from '../src/domain/duties/rule.ts'
import type { Person, Role } from '../src/domain/people/person.ts'
import { createJobScheduler } from '../src/jobs/create-job-scheduler.ts'
import { loadSchedules } from '../src/jobs/schedules.ts'
import { silentLogger } from '../src/log.ts'
import { startLiaison } from '../src/main.ts'

const { values } = parseArgs({ options: { leaders: { type: 'string', default: '2000' }, contacts: { type: 'string', default: '200000' }, 'baseline-sample': { type: 'string', default: '200' } } })
const LEADERS = Number(values.leaders)
const CONTACTS = Number(values.contacts)
const SAMPLE = Math.min(LEADERS, Number(values['baseline-sample']))
/** The end of the academic year's second semester: every period of the year has contacts behind it. */
const AT = new Date('2027-07-08T15:00:00+08:00')
const YEAR_START = '2026-08-31'
const KINDS = ['座谈', '谈心谈话', '听课', '讲思政课', '进宿舍', '进食堂', '进班级', '联系党支部', '调查研究', '进网络']
const ROLES: Role[] = ['schoolLeader', 'departmentHead', 'collegeLeader', 'collegeLeader', 'counsellor']

// The fake WeCom API: tokens, and message/send counted per member per minute.
const perMinute = new Map<string, number>()
let sent = 0
let throttled = 0
const api = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (c: Buffer) => chunks.push(c))
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' })
    if (request.url?.startsWith('/cgi-bin/gettoken')) return response.end(JSON.stringify({ errcode: 0, access_token: 'bench-token', expires_in: 7200 }))
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { touser?: string }
    const key = `${body.touser}:${Math.floor(Date.now() / 60_000)}`
    const n = (perMinute.get(key) ?? 0) + 1
    perMinute.set(key, n)
    if (n > 30) {
      throttled++
      return response.end(JSON.stringify({ errcode: 45009, errmsg: 'api freq out of limit' }))
    }
    sent++
    response.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }))
  })
})
await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
const apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`

const dataDir = mkdtempSync(path.join(tmpdir(), 'liaison-bench-duties-'))
const config = loadConfig({
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: dataDir,
  JOBS: 'off',
  LOCAL_CHAT: 'off',
  LOG_LEVEL: 'silent',
  WECOM_CORP_ID: 'wwbench',
  WECOM_TOKEN: 'benchToken',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'bench-secret',
  WECOM_API_BASE: apiBase,
})
const clock = AT.getTime()
const options = { now: () => new Date(clock), outbox: { concurrency: 16 } }
const loader = await startLiaison(config, silentLogger(), options)
const loadDb = loader.store.connection.db!

// --- The university: units, leaders with WeCom ids, a few assignments each, a year of contacts.
console.log(`loading ${LEADERS} leaders and ${CONTACTS.toLocaleString()} contacts into the embedded store …`)
const loadStarted = performance.now()
const units = Array.from({ length: 40 }, (_, i) => ({ _id: new Types.ObjectId(), name: `第${i + 1}学院`, kind: 'college', createdAt: new Date() }))
await loadDb.collection('units').insertMany(units)
const people = Array.from({ length: LEADERS }, (_, i) => ({
  _id: new Types.ObjectId(),
  name: `领导${i + 1}`,
  wecomId: `leader${i + 1}`,
  unitId: units[i % units.length]!._id,
  roles: [ROLES[i % ROLES.length]!],
  flags: i === 0 ? ['partySecretary'] : i === 1 ? ['president'] : [],
  secretaryOf: [],
  handlerOf: [],
  createdAt: new Date(),
  updatedAt: new Date(),
}))
await loadDb.collection('people').insertMany(people)
await loadDb.collection('assignments').insertMany(
  people.flatMap((p, i) => [
    { personId: p._id.toHexString(), kind: 'class', target: `计算机${2101 + (i % 60)}班`, key: `计算机${2101 + (i % 60)}班`, aliases: [], source: 'roster', since: YEAR_START, createdAt: new Date(), updatedAt: new Date(), history: [] },
    { personId: p._id.toHexString(), kind: 'studentBranch', target: `第${(i % 40) + 1}学院学生党支部`, key: `第${(i % 40) + 1}学院学生党支部`, aliases: [], source: 'roster', since: YEAR_START, createdAt: new Date(), updatedAt: new Date(), history: [] },
  ]),
)
// As written over the year, not in the last minutes: the running bot's window reads them at start.
const WRITTEN_AT = new Date(Date.now() - 3_600_000)
const days = Math.round((AT.getTime() - Date.parse(`${YEAR_START}T00:00:00+08:00`)) / 86_400_000)
for (let start = 0; start < CONTACTS; start += 5000) {
  const batch = Array.from({ length: Math.min(5000, CONTACTS - start) }, (_, j) => {
    const i = start + j
    const leader = people[(i * 7919) % LEADERS]!
    const date = addDays(YEAR_START, (i * 104_729) % days)
    const kind = KINDS[i % KINDS.length]!
    return {
      leaderId: leader._id.toHexString(),
      enteredById: leader._id.toHexString(),
      status: 'confirmed',
      kinds: [kind],
      date,
      time: '15:00',
      place: `${(i % 12) + 1}号宿舍`,
      targets: [i % 3 === 0 ? `计算机${2101 + (i % 60)}班同学` : '学生代表'],
      faceToFace: kind !== '进网络',
      opinions: [],
      opinionIds: [],
      summary: `${kind}，第${i}次记录`,
      text: `今天在${(i % 12) + 1}号宿舍和同学们${kind}`,
      sourceKey: `bench:${i}`,
      createdAt: new Date(`${date}T15:00:00+08:00`),
      updatedAt: WRITTEN_AT,
      history: [],
    }
  })
  await loadDb.collection('contacts').insertMany(batch)
}
console.log(`loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`)
await loader.stop()

// The bot as a university runs it: started over the data, reading the duties' window at start.
const startStarted = performance.now()
const running = await startLiaison(config, silentLogger(), options)
const startedMs = performance.now() - startStarted
await running.services.progress.prepare(AT)
const preparedMs = performance.now() - startStarted
const { services, store } = running
const db = store.connection.db!

const leaders: Person[] = await services.people.list()
const ms = (since: number) => performance.now() - since

// --- 1. Every rule's status for every leader: each run reads only the contacts written since the last.
let results = 0
const runs: number[] = []
for (let i = 0; i < 3; i++) {
  const started = performance.now()
  const progress = await services.progress.forPeople(leaders, AT)
  results = progress.reduce((n, p) => n + p.rules.length, 0)
  runs.push(ms(started))
}
runs.sort((a, b) => a - b)

// The naive baseline: for each leader and each of their rules, the contacts of that rule's period, in a query of its own.
const baselineStarted = performance.now()
const sample = leaders.slice(0, SAMPLE)
const today = shanghaiDate(AT)
const clockOf = { today, calendar: services.calendar.calendar, semesters: services.semesters, atRiskWorkingDays: services.rules.atRiskWorkingDays, assignmentLabel: (k: string) => k }
for (const person of sample) {
  const assignments = await services.assignments.list({ personId: person.id })
  for (const rule of services.progress.rulesFor(person)) {
    const period = 'period' in rule ? periodOf(rule.period, today, services.semesters) : periodOf('academicYear', today, services.semesters)
    const contacts = await services.contacts.confirmedBetween(period?.start ?? YEAR_START, today, [person.id])
    const facts: DutyFacts = { contacts: contacts.map(counted), assignments, submissions: [], opinions: [], peopleByRole: new Map() }
    dutyStatus(rule as Rule, person, facts, clockOf)
  }
}
const baselineMs = (ms(baselineStarted) * LEADERS) / SAMPLE

// --- 2. A nudge run: queued, then sent at the platform's limits.
const schedules = loadSchedules()
const scheduler = await createJobScheduler({ connection: store.connection, log: silentLogger(), services }, { schedules, enqueue: (requests) => running.outbox.enqueueMany(requests), now: () => new Date(clock) })
const thursday = new Date('2027-07-08T15:00:00+08:00')
const before = await db.collection('outbox_messages').countDocuments()
const nudgeStarted = performance.now()
await scheduler.runNow('weekly-nudge', thursday, { dryRun: false })
const queuedMs = ms(nudgeStarted)
const queued = (await db.collection('outbox_messages').countDocuments()) - before
const sendStarted = performance.now()
while ((await db.collection('outbox_messages').countDocuments({ status: { $in: ['pending', 'sending'] } })) > 0) await new Promise((r) => setTimeout(r, 50))
const sentMs = ms(sendStarted)
const dead = await db.collection('outbox_messages').countDocuments({ status: 'dead' })

// The naive nudge: one progress query per leader, and the lines of its message (not enqueued).
const naiveStarted = performance.now()
let naiveLines = 0
for (const person of sample) {
  const progress = await services.progress.forPerson(person, thursday)
  naiveLines += progress.rules.filter((r) => r.status === 'at_risk' || r.status === 'behind' || r.status === 'overdue').flatMap((r) => ruleLines(r, services.messages)).length
}
const naiveNudgeMs = (ms(naiveStarted) * LEADERS) / SAMPLE
await scheduler.stop()

const rss = process.memoryUsage().rss / 1024 / 1024
await running.stop()
await new Promise<void>((resolve) => api.close(() => resolve()))
rmSync(dataDir, { recursive: true, force: true })

const fmt = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(0)} ms`)
console.log('')
console.log(`Duties of ${LEADERS} leaders over the academic year ${YEAR_START} – ${today}, ${CONTACTS.toLocaleString()} contacts, rules of profile "${services.rules.profile}"`)
console.log('')
console.log(`bot start over the data                 ${fmt(startedMs)}; the duties' window of ${CONTACTS.toLocaleString()} contacts read ${fmt(preparedMs - startedMs)} later (in the background)`)
console.log(`status of every rule, every leader      ${fmt(runs[1]!)} (median of 3; ${results} rule results)   target < 1 s`)
console.log(`  naive: a query per leader per rule    ${fmt(baselineMs)} (measured on ${SAMPLE} leaders, scaled)   ratio ${(baselineMs / runs[1]!).toFixed(1)}×`)
console.log(`weekly nudge, queued                    ${fmt(queuedMs)} for ${queued} nudges   target < 2 s`)
console.log(`  naive: progress per leader            ${fmt(naiveNudgeMs)} (measured on ${SAMPLE} leaders, ${naiveLines} lines, scaled; not enqueued)   ratio ${(naiveNudgeMs / queuedMs).toFixed(1)}×`)
console.log(`weekly nudge, sent through WeCom        ${fmt(sentMs)}: ${sent} accepted, ${throttled} throttled (45009), ${dead} dead; most to one member in a minute: ${Math.max(0, ...perMinute.values())} (limit 30)`)
console.log(`RSS of the process                      ${rss.toFixed(0)} MB`)

function counted(c: { date: string | null; kinds: readonly string[]; faceToFace: boolean; targets: readonly string[]; text: string; summary: string; time: string | null; place: string | null }): CountedContact {
  return { date: c.date ?? '', kinds: c.kinds, faceToFace: c.faceToFace, targets: c.targets, targetKinds: new Set(['students']), text: c.text, time: c.time, place: c.place, summary: c.summary }
}
