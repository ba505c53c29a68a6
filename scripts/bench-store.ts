/**
 * npm run bench:store — the embedded store through mongoose next to the same work done
 * directly with mingo in this process. Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { ObjectId } from 'bson'
import { aggregate as mingoAggregate, find as mingoFind } from 'mingo'
import mongoose, { Schema, type PipelineStage } from 'mongoose'
import { startEmbeddedStoreWorker } from '../src/store/embedded/embedded-store-worker.ts'

const DOCS = Number(process.env.BENCH_DOCS ?? 200_000)
const KINDS = ['座谈', '谈心谈话', '听课', '讲思政课', '进宿舍', '进食堂', '进班级', '联系党支部']
const LEADERS = Array.from({ length: 2000 }, () => new ObjectId())
const YEAR_START = Date.parse('2026-01-01T00:00:00+08:00')

function contact(i: number) {
  return {
    seq: i,
    leaderId: LEADERS[i % LEADERS.length]!,
    unit: `学院${i % 40}`,
    kinds: [KINDS[i % KINDS.length]!, KINDS[(i * 7) % KINDS.length]!],
    date: new Date(YEAR_START + ((i * 7919) % 365) * 86_400_000 + (i % 10) * 3_600_000),
    place: `${(i % 12) + 1}号宿舍`,
    targets: [`计算机${2101 + (i % 30)}班`],
    faceToFace: i % 9 !== 0,
    opinions: i % 3 === 0 ? ['热水供应不稳定', '晚上断网太早'] : [],
    summary: `与同学们座谈交流学习生活情况，第${i}次记录。`,
    createdAt: new Date(YEAR_START + i * 1000),
  }
}

const schema = new Schema(
  {
    seq: { type: Number, unique: true },
    leaderId: Schema.Types.ObjectId,
    unit: String,
    kinds: [String],
    date: Date,
    place: String,
    targets: [String],
    faceToFace: Boolean,
    opinions: [String],
    summary: String,
    createdAt: Date,
  },
  { versionKey: false },
)
schema.index({ leaderId: 1, date: 1 })
schema.index({ date: 1 })

const monthStart = new Date('2026-11-01T00:00:00+08:00')
const monthEnd = new Date('2026-12-01T00:00:00+08:00')
const monthPipeline: PipelineStage[] = [
  { $match: { date: { $gte: monthStart, $lt: monthEnd } } },
  { $unwind: '$kinds' },
  { $group: { _id: { leader: '$leaderId', kind: '$kinds' }, n: { $sum: 1 } } },
  { $sort: { n: -1 } },
]

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await fn()
  return { ms: performance.now() - start, value }
}

async function rate(seconds: number, op: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const end = performance.now() + seconds * 1000
  let n = 0
  while (performance.now() < end) await op(n++)
  return n / seconds
}

const rows: Array<[string, string, string, string]> = []
function row(name: string, ours: number, baseline: number | undefined, unit: string, higherIsBetter = true) {
  const ratio = baseline === undefined ? '' : higherIsBetter ? `${((ours / baseline) * 100).toFixed(0)} %` : `${(baseline / ours).toFixed(2)}×`
  rows.push([name, `${fmt(ours)} ${unit}`, baseline === undefined ? '' : `${fmt(baseline)} ${unit}`, ratio])
}
const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2))

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'liaison-bench-'))
  // As the bot runs it: the store on its own thread, mongoose in this one.
  const store = await startEmbeddedStoreWorker({ dataDir, port: 0, log: { level: 'warn', format: 'json' } })
  const connection = await mongoose.createConnection(store.uri('bench')).asPromise()
  const Contact = connection.model('Contact', schema)
  await Contact.init()
  const loop = monitorEventLoopDelay({ resolution: 10 })

  console.log(`Liaison embedded store benchmark: ${DOCS.toLocaleString('en')} contact-like documents, journal in ${dataDir}\n`)
  const baselineDocs: ReturnType<typeof contact>[] = []

  // Inserts: one at a time (each acknowledged after fsync), 16 in flight (group commit), batches of 1000.
  let seq = 0
  const single = await rate(2, () => Contact.collection.insertOne(contact(seq++)))
  const concurrent = await time(async () => {
    const lanes = Array.from({ length: 16 }, async () => {
      for (let k = 0; k < 300; k++) await Contact.collection.insertOne(contact(seq++))
    })
    await Promise.all(lanes)
  })
  const firstBatchSeq = seq
  const batch = await time(async () => {
    while (seq < DOCS) {
      const docs = Array.from({ length: Math.min(1000, DOCS - seq) }, () => contact(seq++))
      await Contact.collection.insertMany(docs, { ordered: false })
    }
  })
  const loaded = seq - firstBatchSeq
  const rssAfterLoad = process.memoryUsage().rss / 1024 / 1024
  // Steady state: V8 returns the loading's garbage to the system once the threads are idle.
  // gc() frees the bot thread's garbage at once but unmaps the pages on V8's background
  // threads: RSS read at once caught them half returned (runs varied from 460 to 900 MB).
  // Measured before the baseline's own copy of the documents exists: the bot holds only the store's.
  await sleep(14_000)
  global.gc?.()
  await sleep(1_000)
  const rss = process.memoryUsage().rss / 1024 / 1024
  const storeHeap = (await store.health()).heapMB ?? { used: 0, total: 0 }
  const botHeap = { used: Math.round(process.memoryUsage().heapUsed / 2 ** 20), total: Math.round(process.memoryUsage().heapTotal / 2 ** 20) }

  // The baselines run after the measurement: a second of direct inserts builds some 400,000
  // documents in the bot's own thread, which the bot never holds.
  const baselineSingle = await rate(1, (i) => baselineDocs.push(contact(1e9 + i)))
  baselineDocs.length = 0
  row('insert one (journaled, sequential)', single, baselineSingle, 'docs/s')
  row('insert one (journaled, 16 in flight)', 4800 / (concurrent.ms / 1000), undefined, 'docs/s')

  const baselineBatch = await time(() => {
    for (let i = 0; i < DOCS; i++) baselineDocs.push(contact(i))
  })
  row('insertMany, batches of 1000', loaded / (batch.ms / 1000), DOCS / (baselineBatch.ms / 1000), 'docs/s')

  // Indexed findOne by a unique field, through mongoose, next to mingo scanning the array.
  const findOne = await rate(2, (i) => Contact.findOne({ seq: (i * 7919) % DOCS }).lean())
  const directFindOne = await rate(2, (i) => mingoFind(baselineDocs, { seq: (i * 7919) % DOCS }).next())
  row('indexed findOne (mongoose, lean)', findOne, directFindOne, 'ops/s')

  // A leader's contacts in a date range, newest first.
  const leader = LEADERS[17]!
  const rangeFilter = { leaderId: leader, date: { $gte: new Date('2026-03-01T00:00:00+08:00'), $lt: new Date('2026-09-01T00:00:00+08:00') } }
  const range = await rate(2, () => Contact.find(rangeFilter).sort({ date: -1 }).limit(20).lean())
  const directRange = await rate(2, () =>
    mingoFind(baselineDocs, { leaderId: leader, date: rangeFilter.date }).sort({ date: -1 }).limit(20).all(),
  )
  row('range query + sort + limit 20', range, directRange, 'ops/s')

  // A month's aggregation over all documents: the median of 7 runs each way (the shared machine
  // stalls a run now and then), the first run (cold) printed beside it.
  const runs = 7
  loop.enable()
  const agg: number[] = []
  for (let i = 0; i < runs; i++) agg.push((await time(() => Contact.aggregate(monthPipeline))).ms)
  loop.disable()
  const directAgg: number[] = []
  for (let i = 0; i < runs; i++) directAgg.push((await time(() => mingoAggregate(baselineDocs, monthPipeline as unknown as Record<string, unknown>[]))).ms)
  row(`a month's aggregation (median of ${runs})`, median(agg), median(directAgg), 'ms', false)

  console.log(table(['measure', 'embedded store', 'direct mingo', 'ratio'], rows))
  console.log(`\nRSS of the whole process with ${DOCS.toLocaleString('en')} documents in the store, before the baseline's copy: ${rss.toFixed(0)} MB (${rssAfterLoad.toFixed(0)} MB right after loading)`)
  console.log(`  JavaScript heaps: the store's thread ${storeHeap.used} MB used of ${storeHeap.total} MB, the bot's thread ${botHeap.used} MB used of ${botHeap.total} MB; the stored documents are outside them`)
  console.log(`month's aggregation, each run: ${agg.map((ms) => ms.toFixed(0)).join(', ')} ms (direct mingo: ${directAgg.map((ms) => ms.toFixed(0)).join(', ')} ms)`)
  console.log(`event loop delay of the bot's thread during the aggregations: max ${(loop.max / 1e6).toFixed(0)} ms (the store's thread does the work)`)
  console.log('\nTargets: findOne ≥ 25 % of direct mingo; month aggregation < 300 ms; RSS < 400 MB.')

  await connection.close()
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function table(header: string[], body: string[][]): string {
  const all = [header, ...body]
  const widths = header.map((_, c) => Math.max(...all.map((r) => [...r[c]!].length)))
  return all.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n')
}

await main()
