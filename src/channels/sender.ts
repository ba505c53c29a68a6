import type { OutboundMessage, Platform, Recipient } from './message.ts'

/** At most `count` sends in any `windowMs`. */
export interface RateWindow {
  readonly count: number
  readonly windowMs: number
}

/** The platform's unit of rate limiting a recipient falls into (a member, a group, a robot). */
export interface Destination {
  readonly key: string
  readonly limits: readonly RateWindow[]
}

/** How the outbox should treat a failed send. */
export type RetryAdvice =
  /** Network error, timeout, 5xx, "system busy": try again after a growing delay. */
  | 'backoff'
  /** The platform said "too many requests": wait at least retryAfterMs. */
  | 'throttled'
  /** Bad configuration or a recipient that does not exist: trying again cannot help. */
  | 'never'

export class SendFailure extends Error {
  constructor(
    message: string,
    readonly advice: RetryAdvice,
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'SendFailure'
  }
}

/** One platform's way out. The outbox picks the sender by the recipient's platform. */
export interface ChannelSender {
  readonly platform: Platform
  destination(recipient: Recipient): Destination
  /** Resolves once the platform accepted the message; throws SendFailure otherwise. */
  send(recipient: Recipient, message: OutboundMessage): Promise<void>
}

/** Wraps fetch failures (refused, reset, timed out) as retryable send failures. */
export async function fetchForSend(url: string, init: RequestInit & { timeoutMs: number }): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) })
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${init.timeoutMs} ms` : (error as Error).message
    throw new SendFailure(`${new URL(url).pathname}: ${reason}`, 'backoff')
  }
}

/** Reads a platform's JSON answer; 429, 5xx and a body that is not JSON are decided here, the rest by the caller. */
export async function readJsonAnswer(response: Response, what: string): Promise<Record<string, unknown>> {
  if (response.status === 429) throw new SendFailure(`${what}: HTTP 429`, 'throttled')
  if (response.status >= 500) throw new SendFailure(`${what}: HTTP ${response.status}`, 'backoff')
  let body: unknown
  try {
    body = JSON.parse(await response.text())
  } catch {
    throw new SendFailure(`${what}: HTTP ${response.status} with a body that is not JSON`, response.ok ? 'backoff' : 'never')
  }
  if (!body || typeof body !== 'object') throw new SendFailure(`${what}: HTTP ${response.status} with an unexpected body`, 'backoff')
  return body as Record<string, unknown>
}
