// The load generator of `npm run bench:webhook`, run as a child process so that its CPU is not
// counted against the servers it measures (WeCom is another machine too). The parent sends one
// request per run over IPC and gets the measured figures back.
import { Agent, request } from 'node:http'
import { encrypt, getSignature } from '@wecom/crypto'

export interface BenchKeys {
  readonly corpId: string
  readonly token: string
  readonly encodingAesKey: string
}

export type LoadRequest =
  | { readonly type: 'closed'; readonly url: string; readonly keys: BenchKeys; readonly count: number; readonly concurrency: number }
  | { readonly type: 'open'; readonly url: string; readonly keys: BenchKeys; readonly count: number; readonly rate: number }

export interface LoadResult {
  readonly perSecond: number
  readonly latencies: number[]
  readonly failures: number
}

interface Callback {
  readonly path: string
  readonly body: string
}

let nextMsgId = 7_000_000_000_000_000_000n

/** Signed, encrypted text callbacks, each a new message from one of 500 people (prepared before timing). */
function callbacks(url: URL, keys: BenchKeys, count: number): Callback[] {
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
    return { path: `${url.pathname}?${query}`, body: `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>` }
  })
}

/**
 * One POST on a kept-alive connection; resolves with its latency in ms, or -1 unless HTTP 200.
 * node:http rather than fetch: undici's streams cost the client several times the CPU.
 */
function send(url: URL, agent: Agent, callback: Callback): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: callback.path, method: 'POST', agent, headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(callback.body) } },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode === 200 ? performance.now() - started : -1))
      },
    )
    req.on('error', reject)
    req.end(callback.body)
  })
}

/** Closed loop: `concurrency` requests in flight until all are done. */
async function closedLoop(url: URL, batch: Callback[], concurrency: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batch.length) latencies.push(await send(url, agent, batch[next++]!))
    }),
  )
  const perSecond = (batch.length / (performance.now() - started)) * 1000
  agent.destroy()
  return summary(perSecond, latencies)
}

/** Open loop: a request every 1/rate seconds whatever the answers, so slow acks cannot slow the load. */
async function openLoop(url: URL, batch: Callback[], rate: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true })
  const latencies: number[] = []
  const pending: Array<Promise<void>> = []
  const started = performance.now()
  for (let i = 0; i < batch.length; i++) {
    const wait = started + (i * 1000) / rate - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    pending.push(send(url, agent, batch[i]!).then((ms) => void latencies.push(ms)))
  }
  await Promise.all(pending)
  const perSecond = (batch.length / (performance.now() - started)) * 1000
  agent.destroy()
  return summary(perSecond, latencies)
}

function summary(perSecond: number, measured: number[]): LoadResult {
  const latencies = measured.filter((ms) => ms >= 0)
  return { perSecond, latencies, failures: measured.length - latencies.length }
}

async function run(job: LoadRequest): Promise<LoadResult> {
  const url = new URL(job.url)
  const batch = callbacks(url, job.keys, job.count)
  return job.type === 'closed' ? closedLoop(url, batch, job.concurrency) : openLoop(url, batch, job.rate)
}

process.on('message', (job: LoadRequest) => {
  run(job).then(
    (result) => process.send!({ ok: true, result }),
    (error: unknown) => process.send!({ ok: false, error: (error as Error).message }),
  )
})
