// `npm run bench:conversation`: every contact report of the NLU sets (test/fixtures/nlu) told to the
// running bot through the local chat's HTTP API at the moment the item gives, by a person of the
// sample roster with the item's role, as a leader would on a phone, answering each
// question the bot asks (昨天, 座谈, 计算机2101班) and then 确认. Prints how many turns a report took
// and the reply latency (message posted → first answer readable in the local chat), on the
// journaled embedded store in its own thread, as `npm start` runs. Prints figures; asserts nothing.
//   npm run bench:conversation -- [--limit 1000]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config/load-config.ts'
import { loadMessages } from '../src/messages.ts'
import { importRoster } from '../src/domain/people/import-roster.ts'
import { readRosterTable } from '../src/domain/people/read-roster-table.ts'
import { loadRosterFormat } from '../src/domain/people/roster-format.ts'
import { silentLogger } from '../src/log.ts'
import { startLiaison } from '../src/main.ts'
import { People } from '../src/store/people.ts'
import { Units } from '../src/store/units.ts'

const { values } = parseArgs({ options: { limit: { type: 'string', default: '1000' } } })
const ROOT = path.resolve(import.meta.dirname, '..')
/** Who speaks for an item's role (the sample roster's people); a college leader when it gives none. */
const SPEAKERS: Record<string, { userId: string; name: string }> = {
  schoolLeader: { userId: 'wanglixin', name: '王立新' },
  departmentHead: { userId: 'benchhead', name: '马主任' },
  counsellor: { userId: 'sunli', name: '孙丽' },
  branchSecretary: { userId: 'zhouping', name: '周平' },
  secretary: { userId: 'zhaoxiaoyan', name: '赵小燕' },
  collegeLeader: { userId: 'chenzhiqiang', name: '陈志强' },
}
const MAX_TURNS = 8

interface Item {
  readonly text: string
  readonly now: string
  readonly role?: string
  readonly expect: { readonly intent: string }
}
const reports = ['dev.jsonl', 'eval.jsonl']
  .flatMap((file) => readFileSync(path.join(ROOT, 'test/fixtures/nlu', file), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Item))
  .filter((item) => item.expect.intent === 'report_contact')
  .slice(0, Number(values.limit))

const messages = loadMessages()
/** What a leader answers to each question; the card is confirmed. */
const answers: ReadonlyArray<[string, string]> = [
  [messages.text('ASK_DATE'), '昨天'],
  [messages.text('ASK_KINDS'), '座谈'],
  [messages.text('ASK_TARGETS'), '计算机2101班'],
]

const dataDir = mkdtempSync(path.join(tmpdir(), 'liaison-bench-conversation-'))
const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOCAL_CHAT: 'on', LOG_LEVEL: 'silent' })
let clock = Date.now()
const running = await startLiaison(config, silentLogger(), { now: () => new Date(clock) })
const url = running.url.replace('localhost', '127.0.0.1')
const format = loadRosterFormat()
const [people, units] = await Promise.all([People.open(running.store.connection), Units.open(running.store.connection)])
// The sample roster's department head also handles opinions, whose notifications would land in
// the box the bench reads: a head who handles nothing speaks for that role.
const extra = path.join(dataDir, 'bench-roster.csv')
writeFileSync(extra, '姓名,企业微信ID,单位,角色\n马主任,benchhead,教务处,职能部门负责人\n')
for (const file of [path.join(ROOT, 'docs/sample-roster.csv'), extra]) {
  await importRoster(await readRosterTable(file, format), { people, units }, format, { dryRun: false, now: new Date(), routedUnits: [] })
}

const positions = new Map<string, { last: number; epoch: string }>()
let sequence = 0
const latencies: number[] = []

/** Posts one message and waits for the first answer in the speaker's box; the answers' texts. */
async function say(speaker: { userId: string; name: string }, text: string): Promise<string[]> {
  const position = positions.get(speaker.userId) ?? { last: 0, epoch: '' }
  const started = performance.now()
  const response = await fetch(`${url}/local/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: `bench-${sequence++}`, sender: speaker, chat: { type: 'single' }, text }),
  })
  if (response.status !== 202) throw new Error(`POST answered ${response.status}`)
  const query = () => new URLSearchParams({ type: 'single', id: speaker.userId, after: String(position.last), epoch: position.epoch, waitMs: '10000' })
  const body = (await (await fetch(`${url}/local/replies?${query()}`)).json()) as { replies: Array<{ message: { title?: string; text?: string } }>; last: number; epoch: string }
  latencies.push(performance.now() - started)
  // Answers that follow the first (the card after a note) are read once the message is handled.
  await running.inbox.idle()
  const rest = (await (await fetch(`${url}/local/replies?${new URLSearchParams({ type: 'single', id: speaker.userId, after: String(body.last), epoch: body.epoch })}`)).json()) as typeof body
  positions.set(speaker.userId, { last: rest.last, epoch: rest.epoch })
  return [...body.replies, ...rest.replies].map((r) => [r.message.title, r.message.text].filter(Boolean).join('\n'))
}

const turnsTaken: number[] = []
let notReports = 0
let unfinished = 0
const cardTitle = messages.text('CARD_TITLE')
for (const item of reports) {
  clock = Date.parse(item.now)
  const speaker = SPEAKERS[item.role ?? ''] ?? SPEAKERS.collegeLeader!
  let heard = await say(speaker, item.text)
  let turns = 1
  if (!heard.some((h) => h.includes(cardTitle) || answers.some(([question]) => h.includes(question)))) {
    notReports++
    continue
  }
  while (turns < MAX_TURNS && !heard.some((h) => h.includes(cardTitle))) {
    const answer = answers.find(([question]) => heard.some((h) => h.includes(question)))
    if (!answer) break
    heard = await say(speaker, answer[1])
    turns++
  }
  if (!heard.some((h) => h.includes(cardTitle))) {
    unfinished++
    await say(speaker, '取消')
    continue
  }
  heard = await say(speaker, '确认')
  turns++
  turnsTaken.push(turns)
}

await running.stop()
rmSync(dataDir, { recursive: true, force: true })

const sorted = [...latencies].sort((a, b) => a - b)
const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
const histogram = new Map<number, number>()
for (const t of turnsTaken) histogram.set(t, (histogram.get(t) ?? 0) + 1)
const mean = turnsTaken.reduce((a, b) => a + b, 0) / Math.max(1, turnsTaken.length)
const pct = (n: number) => `${((100 * n) / reports.length).toFixed(1)} %`
console.log(`reports              ${reports.length} (contact reports of test/fixtures/nlu dev.jsonl and eval.jsonl)`)
console.log(`saved                ${turnsTaken.length} (${pct(turnsTaken.length)}); not taken as a report ${notReports} (${pct(notReports)}); left unfinished ${unfinished}`)
console.log(`turns per report     mean ${mean.toFixed(2)} (the report, one answer per missing field, 确认)`)
for (const [turns, count] of [...histogram.entries()].sort((a, b) => a[0] - b[0])) console.log(`  ${turns} turns          ${count} (${pct(count)})`)
console.log(`reply latency        p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms over ${sorted.length} messages (local chat, journaled store)`)
