// `npm run bench:webhook`: encrypted WeCom callbacks through Liaison's full inbound path (verify,
// decrypt, parse, dedupe, persist, ack, and the passive help reply) next to a bare Koa server that
// only verifies and decrypts. Prints figures; asserts nothing.
//   npm run bench:webhook -- [--requests 3000] [--concurrency 32] [--rate 300] [--seconds 10] [--memory] [--passive-ms 1500]
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { encrypt, getSignature } from '@wecom/crypto'
import Koa from 'koa'
import { decryptWecom } from '../src/channels/wecom/cipher.ts'
import { verifyWecomSignature } from '../src/channels/wecom/verify.ts'
import { loadConfig } from '../src/config/load-config.ts'
import { silentLogger } from '../src/log.ts'
import { startLiaison } from '../src/main.ts'
import { openStore } from '../src/store/open-store.ts'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '32' },
    rate: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '10' },
    memory: { type: 'boolean', default: false },
    // 0: acknowledge right after storing and answer through message/send (the sink below).
    'passive-ms': { type: 'string', default: '1500' },
  },
})
const REQUESTS = Number(values.requests)
const CONCURRENCY = Number(values.concurrency)
const RATE = Number(values.rate)
const SECONDS = Number(values.seconds)

const keys = { corpId: 'wwbenchcorp', token: 'benchToken', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' }

interface Callback {
  readonly query: string
  readonly body: string
}

let nextMsgId = 7_000_000_000_000_000_000n
/** Signed, encrypted text callbacks, each a new message from one of 500 people (prepared before timing). */
function callbacks(count: number): Callback[] {
  return Array.from({ length: count }, (_, i) => {
    const msgId = String(nextMsgId++)
    const plaintext =
      `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><FromUserName><![CDATA[user${i % 500}]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[帮助]]></Content>` +
      `<MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`
    const encrypted = encrypt(keys.encodingAesKey, plaintext, keys.corpId)
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = String(i)
    const query = new URLSearchParams({ msg_signature: getSignature(keys.token, timestamp, nonce, encrypted), timestamp, nonce }).toString()
    return { query, body: `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>` }
  })
}

async function send(url: string, callback: Callback): Promise<number> {
  const started = performance.now()
  const response = await fetch(`${url}?${callback.query}`, { method: 'POST', body: callback.body, headers: { 'content-type': 'text/xml' } })
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`)
  return performance.now() - started
}

/** Closed loop: `concurrency` requests in flight until all are done. */
async function atConcurrency(url: string, batch: Callback[]): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batch.length) latencies.push(await send(url, batch[next++]!))
    }),
  )
  return { perSecond: (batch.length / (performance.now() - started)) * 1000, latencies }
}

/** Open loop: a request every 1/rate seconds whatever the answers, so slow acks cannot slow the load. */
async function atRate(url: string, batch: Callback[]): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = []
  const started = performance.now()
  const pending: Array<Promise<void>> = []
  for (let i = 0; i < batch.length; i++) {
    const due = started + (i * 1000) / RATE
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    pending.push(send(url, batch[i]!).then((ms) => void latencies.push(ms)))
  }
  await Promise.all(pending)
  return { perSecond: (batch.length / (performance.now() - started)) * 1000, latencies }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

function row(name: string, result: { perSecond: number; latencies: number[] }): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9)
  return `${name.padEnd(34)} ${result.perSecond.toFixed(0).padStart(7)} msg/s   p50 ${ms(percentile(result.latencies, 50))}   p99 ${ms(percentile(result.latencies, 99))}`
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
const liaison = await startLiaison(config, log, { store, passiveBudgetMs: PASSIVE_MS })
const liaisonUrl = `${liaison.url.replace('localhost', '127.0.0.1')}/wecom/callback`
const bare = await startBare()

process.stdout.write(
  `WeCom callbacks, ${values.memory ? 'in-memory' : 'on-disk (fsync per write)'} embedded store, client in the same process.\n` +
    `Answers: ${PASSIVE_MS > 0 ? `passive reply when ready within ${PASSIVE_MS} ms (the ack waits for the help handler)` : 'ack after storing, reply through message/send'}.\n` +
    `Closed loop: ${REQUESTS} requests at concurrency ${CONCURRENCY} (after a warm-up of 300).\n\n`,
)
await atConcurrency(bare.url, callbacks(300))
await atConcurrency(liaisonUrl, callbacks(300))
const bareResult = await atConcurrency(bare.url, callbacks(REQUESTS))
const fullResult = await atConcurrency(liaisonUrl, callbacks(REQUESTS))
process.stdout.write(`${row('bare Koa (verify + decrypt)', bareResult)}\n${row('Liaison (full inbound path)', fullResult)}\n`)
process.stdout.write(`throughput ratio: ${((fullResult.perSecond / bareResult.perSecond) * 100).toFixed(0)} % of the bare server (target ≥ 50 %)\n\n`)

await liaison.inbox.idle()
const steady = await atRate(liaisonUrl, callbacks(RATE * SECONDS))
process.stdout.write(`Open loop: ${RATE} msg/s for ${SECONDS} s\n${row('Liaison (full inbound path)', steady)}\n`)
process.stdout.write(`p99 ack at ${RATE} msg/s: ${percentile(steady.latencies, 99).toFixed(1)} ms (target < 50 ms)\n`)

await liaison.inbox.idle()
const handled = await store.connection.collection('inbound_messages').countDocuments({ status: 'done' })
process.stdout.write(`messages stored and handled: ${handled}\n`)
await liaison.stop()
await store.close()
bare.server.close()
sink.server.close()
rmSync(dataDir, { recursive: true, force: true })
