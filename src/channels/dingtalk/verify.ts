import { createHmac, timingSafeEqual } from 'node:crypto'

/** How far a request's timestamp may be from our clock (platforms.md §3.1: one hour). */
export const DINGTALK_CLOCK_WINDOW_MS = 60 * 60_000

/** Base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)), platforms.md §3.1 and §3.2. */
export function dingtalkSign(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64')
}

export type DingtalkVerdict = 'ok' | 'missing' | 'stale' | 'mismatch'

/** Checks the timestamp and sign headers of a robot callback; the sign is compared in constant time. */
export function verifyDingtalkRequest(headers: { timestamp: string; sign: string }, appSecret: string, nowMs: number): DingtalkVerdict {
  if (!headers.timestamp || !headers.sign) return 'missing'
  const timestamp = Number(headers.timestamp)
  if (!/^\d{1,16}$/.test(headers.timestamp) || Math.abs(nowMs - timestamp) > DINGTALK_CLOCK_WINDOW_MS) return 'stale'
  const expected = Buffer.from(dingtalkSign(headers.timestamp, appSecret), 'utf8')
  const given = Buffer.from(headers.sign, 'utf8')
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'mismatch'
}
