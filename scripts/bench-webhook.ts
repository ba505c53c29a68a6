// `npm run bench:webhook`: encrypted WeCom callbacks through Liaison's full inbound path (verify,
// decrypt, parse, dedupe, persist, ack, and the passive help reply) next to a bare Koa server that
// only verifies and decrypts. Both servers run in this process; the load comes from a child process
// (scripts/bench-webhook-load.ts), as WeCom's would from another machine. Prints figures; asserts nothing.
//   npm run bench:webhook -- [--requests 10000] [--warmup 3000] [--rounds 3] [--concurrency 32] [--rate 300] [--seconds 10] [--memory] [--passive-ms 1500] [--handling conversation|none]
import { fork } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Koa from 'koa'
import { decryptWecom } from '../src/channels/wecom/cipher.ts'
import { verifyWecomSignature } from '../src/channels/wecom/verify.ts'
import { loadConfig } from '../src/config/load-config.ts'
import { silentLogger } from '../src/log.ts'
import { startLiaison } from '../src/main.ts'
import { openStore } from '../src/store/open-store.ts'
import type { BenchKeys, LoadRequest, LoadResult } from './bench-webhook-load.ts'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    // Both servers and the load generator need a few thousand requests before V8 has compiled their hot paths.
    warmup: { type: 'string', default: '3000' },
    // Bare and Liaison take turns, so a change in the machine's load falls on both.
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    rate: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '10' },
    memory: { type: 'boolean', default: false },
    // 0: acknowledge right after storing and answer through message/send (the sink below).
    'passive-ms': { type: 'string', default: '1500' },
    // none: the inbound path alone, as the target is set (nothing handles the stored messages).
    handling: { type: 'string', default: 'conversation' },
  },
})
const REQUESTS = Number(values.requests)
const WARMUP = Number(values.warmup)
const ROUNDS = Math.max(1, Number(values.rounds))
const CONCURRENCY = Number(values.concurrency)
const RATE = Number(values.rate)
const SECONDS = Number(values.seconds)

const keys: BenchKeys = { corpId: 'wwbenchcorp', token: 'benchToken', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' }

const loadGenerator = fork(new URL('./bench-webhook-load.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] })

interface Measured extends LoadResult {
  /** CPU time of this process (every thread: the server, and the embedded store's) per request. */
  readonly cpuMsPerRequest: number
  /** The same split by thread, where /proc tells (Linux): the server's, the busiest other (the store's), the rest. */
  readonly cpuSplit: { main: number; busiest: number; rest: number } | undefined
}

/** CPU ms so far of each thread of this process, by thread id; undefined where there is no /proc. */
function threadCpu(): Map<string, number> | undefined {
  try {
    return new Map(
      readdirSync('/proc/self/task').map((tid) => {
        const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')
        // utime and stime, in clock ticks (100 a second on Linux).
        return [tid, (Number(fields[11]) + Number(fields[12])) * 10]
      }),
    )
  } catch {
    return undefined
  }
}

function splitCpu(before: Map<string, number> | undefined, count: number): Measured['cpuSplit'] {
  const after = threadCpu()
  if (!before || !after) return undefined
  const used = [...after].map(([tid, ms]) => ({ main: tid === String(process.pid), ms: ms - (before.get(tid) ?? 0) }))
  const main = used.find((u) => u.main)?.ms ?? 0
  const others = used.filter((u) => !u.main).map((u) => u.ms).sort((a, b) => b - a)
  const busiest = others[0] ?? 0
  const rest = others.slice(1).reduce((a, b) => a + b, 0)
  return { main: main / count, busiest: busiest / count, rest: rest / count }
}

/** Has the child process send one batch of requests and measures this process's CPU meanwhile. */
function load(job: LoadRequest): Promise<Measured> {
  const cpu = process.cpuUsage()
  const threads = threadCpu()
  return new Promise((resolve, reject) => {
    loadGenerator.once('message', (reply: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      if (!reply.ok) return reject(new Error(reply.error))
      const used = process.cpuUsage(cpu)
      resolve({ ...reply.result, cpuMsPerRequest: (used.user + used.system) / 1000 / job.count, cpuSplit: splitCpu(threads, job.count) })
    })
    loadGenerator.send(job)
  })
}

/** Waits until the stored messages are handled and their replies sent, so that no round pays for the last one's. */
async function settled(): Promise<void> {
  await liaison.inbox.idle()
  const outbox = store.connection.collection('outbox_messages')
  while ((await outbox.countDocuments({ status: { $in: ['pending', 'held', 'sending'] } })) > 0) await new Promise((resolve) => setTimeout(resolve, 50))
}

const closed = (url: string, count: number) => load({ type: 'closed', url, keys, count, concurrency: CONCURRENCY })

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

function row(name: string, result: Measured): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9)
  const failed = result.failures > 0 ? `   ${result.failures} failed` : ''
  return (
    `${name.padEnd(30)} ${result.perSecond.toFixed(0).padStart(6)} msg/s   p50 ${ms(percentile(result.latencies, 50))}   p99 ${ms(percentile(result.latencies, 99))}` +
    `   cpu ${result.cpuMsPerRequest.toFixed(2)} ms/msg${split(result.cpuSplit)}${failed}`
  )
}

function split(cpu: Measured['cpuSplit']): string {
  return cpu ? ` (server thread ${cpu.main.toFixed(2)}, busiest other ${cpu.busiest.toFixed(2)}, rest ${cpu.rest.toFixed(2)})` : ''
}

/** The bare server: verify and decrypt, answer 200; nothing else. */
async function startBare(): Promise<{ url: string; server: Server }> {
  const app = new Koa()
  app.use(async (ctx) => {
    const chunks: Buffer[] = []
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
    const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? ''
    const query = new URLSearchParams(ctx.querystring)
    const signed = { token: keys.token, timestamp: query.get('timestamp') ?? '', nonce: query.get('nonce') ?? '', encrypted }
    if (!verifyWecomSignature(signed, query.get('msg_signature') ?? '')) ctx.throw(401)
    if (decryptWecom(keys.encodingAesKey, encrypted).receiveId !== keys.corpId) ctx.throw(401)
    ctx.status = 200
    ctx.body = ''
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`, server }
}

/** Answers the sends that miss the passive budget, like WeCom would. */
async function startApiSink(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume()
    response.setHeader('content-type', 'application/json')
    response.end(request.url?.startsWith('/cgi-bin/gettoken') ? '{"errcode":0,"access_token":"bench","expires_in":7200}' : '{"errcode":0}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'liaison-bench-'))
const sink = await startApiSink()
const config = loadConfig({
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: dataDir,
  WECOM_CORP_ID: keys.corpId,
  WECOM_TOKEN: keys.token,
  WECOM_ENCODING_AES_KEY: keys.encodingAesKey,
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'bench',
  WECOM_API_BASE: sink.url,
})
const log = silentLogger()
const store = await openStore(config.store, log, { inMemory: values.memory })
const PASSIVE_MS = Number(values['passive-ms'])
const HANDLING = values.handling === 'none' ? 'none' : 'conversation'
// With handling none, the stored messages are marked handled and nothing else: what is left is verify, decrypt, parse, dedupe, persist, ack.
const liaison = await startLiaison(config, log, { store, passiveBudgetMs: PASSIVE_MS, ...(HANDLING === 'none' ? { handler: async () => undefined } : {}) })
const liaisonUrl = `${liaison.url.replace('localhost', '127.0.0.1')}/wecom/callback`
const bare = await startBare()

process.stdout.write(
  `WeCom callbacks, ${values.memory ? 'in-memory' : 'on-disk (fsync per write)'} embedded store; the load generator is a child process.\n` +
    (HANDLING === 'none'
      ? 'Handling: none (the inbound path alone: verify, decrypt, parse, dedupe, persist, ack).\n'
      : `Answers: ${PASSIVE_MS > 0 ? `passive reply when ready within ${PASSIVE_MS} ms (the ack waits for the help handler)` : 'ack after storing, reply through message/send'}.\n`) +
    `Closed loop: ${REQUESTS} requests at concurrency ${CONCURRENCY}, ${ROUNDS} rounds taking turns (after a warm-up of ${WARMUP} each).\n\n`,
)
await closed(bare.url, WARMUP)
await closed(liaisonUrl, WARMUP)
await settled()
const ratios: number[] = []
const cpuRatios: number[] = []
for (let round = 1; round <= ROUNDS; round++) {
  const bareResult = await closed(bare.url, REQUESTS)
  const fullResult = await closed(liaisonUrl, REQUESTS)
  await settled()
  ratios.push(fullResult.perSecond / bareResult.perSecond)
  cpuRatios.push(fullResult.cpuMsPerRequest / bareResult.cpuMsPerRequest)
  process.stdout.write(`round ${round}\n  ${row('bare Koa (verify + decrypt)', bareResult)}\n  ${row('Liaison (full inbound path)', fullResult)}\n`)
}
const median = (values: number[]) => percentile(values, 50)
process.stdout.write(
  `throughput ratio, median of ${ROUNDS}: ${(median(ratios) * 100).toFixed(0)} % of the bare server (target ≥ 50 %); ` +
    `rounds ${ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')}\n` +
    `CPU per message, median: ${median(cpuRatios).toFixed(1)} times the bare server's\n\n`,
)

const steady = await load({ type: 'open', url: liaisonUrl, keys, count: RATE * SECONDS, rate: RATE })
process.stdout.write(`Open loop: ${RATE} msg/s for ${SECONDS} s\n${row('Liaison (full inbound path)', steady)}\n`)
process.stdout.write(`p99 ack at ${RATE} msg/s: ${percentile(steady.latencies, 99).toFixed(1)} ms (target < 50 ms)\n`)

await liaison.inbox.idle()
const handled = await store.connection.collection('inbound_messages').countDocuments({ status: 'done' })
process.stdout.write(`messages stored and handled: ${handled}\n`)
await liaison.stop()
await store.close()
bare.server.close()
sink.server.close()
loadGenerator.disconnect()
rmSync(dataDir, { recursive: true, force: true })
