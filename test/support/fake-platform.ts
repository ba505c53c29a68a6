import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingMessage['headers']
  readonly body: any
  readonly at: number
}

/** How the fake answers a request it was told to fail: an HTTP status, a platform errcode, or no answer at all. */
export type Failure = { status: number } | { errcode: number } | { json: unknown; status?: number } | 'hang'

const TOKEN_PATHS = new Set(['/cgi-bin/gettoken', '/v1.0/oauth2/accessToken'])

/**
 * The WeCom and DingTalk APIs on 127.0.0.1, for tests: records every request, answers like the
 * platform, and fails on demand (5xx, an errcode such as 45009, or a request that never ends).
 */
export class FakePlatform {
  readonly requests: RecordedRequest[] = []
  private readonly failures: Array<{ prefix: string; failure: Failure; left: number }> = []
  private readonly sockets = new Set<Socket>()
  private readonly hanging = new Set<ServerResponse>()
  private tokenCount = 0

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakePlatform> {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const fake = new FakePlatform(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    server.on('connection', (socket) => {
      fake.sockets.add(socket)
      socket.on('close', () => fake.sockets.delete(socket))
    })
    server.on('request', (request, response) => void fake.handle(request, response))
    return fake
  }

  /** The next `times` requests whose path starts with `prefix` fail this way. */
  fail(prefix: string, failure: Failure, times = 1): void {
    this.failures.push({ prefix, failure, left: times })
  }

  /** Forgets recorded requests and pending failures, and ends hanging requests (between tests). */
  reset(): void {
    this.requests.length = 0
    this.failures.length = 0
    for (const response of this.hanging) response.destroy()
    this.hanging.clear()
  }

  /** Requests that deliver messages (token requests left out), optionally only under one path. */
  sends(prefix = '/'): RecordedRequest[] {
    return this.requests.filter((r) => !TOKEN_PATHS.has(r.path) && r.path.startsWith(prefix))
  }

  tokenRequests(): number {
    return this.requests.filter((r) => TOKEN_PATHS.has(r.path)).length
  }

  /** Waits until at least `count` sends under `prefix` were recorded. */
  async waitForSends(count: number, prefix = '/', timeoutMs = 10_000): Promise<RecordedRequest[]> {
    const deadline = Date.now() + timeoutMs
    while (this.sends(prefix).length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} sends to ${prefix}, got ${this.sends(prefix).length}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    return this.sends(prefix)
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy()
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /**
   * Records each request target from now on as sent (path and query still percent-encoded), for
   * tests of how a client encodes its query; `requests` holds the decoded values only.
   */
  recordRawTargets(): () => string[] {
    const targets: string[] = []
    this.server.on('request', (request: IncomingMessage) => targets.push(request.url ?? ''))
    return () => [...targets]
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const url = new URL(request.url ?? '/', this.url)
    const text = Buffer.concat(chunks).toString('utf8')
    let body: unknown = text
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      // Recorded as text.
    }
    this.requests.push({ method: request.method ?? '', path: url.pathname, query: url.searchParams, headers: request.headers, body, at: Date.now() })
    const failure = this.takeFailure(url.pathname)
    if (failure === 'hang') {
      this.hanging.add(response)
      return
    }
    if (failure && 'status' in failure && !('json' in failure)) return reply(response, failure.status, { message: 'fake failure' })
    if (failure && 'errcode' in failure) return reply(response, 200, { errcode: failure.errcode, errmsg: 'fake failure' })
    if (failure && 'json' in failure) return reply(response, failure.status ?? 200, failure.json)
    reply(response, 200, this.success(url.pathname))
  }

  private takeFailure(path: string): Failure | undefined {
    const entry = this.failures.find((f) => f.left > 0 && path.startsWith(f.prefix))
    if (!entry) return undefined
    entry.left--
    return entry.failure
  }

  private success(path: string): unknown {
    if (path === '/cgi-bin/gettoken') return { errcode: 0, errmsg: 'ok', access_token: `wecom-token-${++this.tokenCount}`, expires_in: 7200 }
    if (path === '/v1.0/oauth2/accessToken') return { accessToken: `dingtalk-token-${++this.tokenCount}`, expireIn: 7200 }
    if (path.startsWith('/v1.0/robot/')) return { processQueryKey: 'fake-query-key', invalidStaffIdList: [], flowControlledStaffIdList: [] }
    return { errcode: 0, errmsg: 'ok' }
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}
