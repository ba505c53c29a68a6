import type { RetryAdvice } from '../channels/sender.ts'

export interface RetryPolicy {
  /** Delay after the first failed try; doubled after each further one. */
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** Least wait after the platform said "too many requests" (platforms.md §2.5: 45009, back off ≥ 60 s). */
  readonly throttleDelayMs: number
}

/**
 * When to try again after `attempts` failed tries. Exponential, with up to a quarter of jitter
 * (`random` in [0, 1)) so that many messages failing together do not come back together.
 */
export function retryDelayMs(attempts: number, advice: Exclude<RetryAdvice, 'never'>, policy: RetryPolicy, random: number, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1))
  const jittered = Math.round(exponential * (1 - random / 4))
  return advice === 'throttled' ? Math.max(jittered, retryAfterMs ?? policy.throttleDelayMs) : jittered
}
