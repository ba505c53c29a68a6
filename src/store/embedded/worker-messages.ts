import type { ErrorCode } from '../../errors.ts'
import type { LogOptions } from '../../log.ts'
import type { EmbeddedStoreHealth } from './embedded-store.ts'

/** What the main thread hands the store's worker at start. */
export interface WorkerStart {
  readonly dataDir: string
  readonly port: number
  readonly log: LogOptions
}

export type WorkerRequest = { readonly type: 'health'; readonly id: number } | { readonly type: 'close' }

export type WorkerReply =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'failed'; readonly code: ErrorCode; readonly message: string }
  | { readonly type: 'health'; readonly id: number; readonly health: EmbeddedStoreHealth }
  | { readonly type: 'closed'; readonly error?: string }
