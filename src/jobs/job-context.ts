import type { OutboxRequest } from '../outbox/outbox.ts'
import type { JobContext, JobDefinition, JobSend } from './job.ts'

/** A message a run sent (or, in a dry run, would send); inserted is false for a key seen before. */
export interface SentMessage {
  readonly request: OutboxRequest
  readonly inserted: boolean
}

/**
 * The context of one run, and the list of what it sent. A real run's send is the outbox's
 * enqueue; a dry run's only collects, treating a repeated key as the outbox would.
 */
export function jobContext(job: JobDefinition, fireAt: Date, mode: { readonly dryRun: boolean; readonly enqueue: JobSend }): { context: JobContext; sent: SentMessage[] } {
  const sent: SentMessage[] = []
  const keys = new Set<string>()
  const collect = (request: OutboxRequest) => {
    const inserted = !keys.has(request.key)
    keys.add(request.key)
    return { inserted }
  }
  const sendAll: JobSend = async (requests) => {
    const results = mode.dryRun ? requests.map(collect) : await mode.enqueue(requests)
    requests.forEach((request, i) => sent.push({ request, inserted: results[i]!.inserted }))
    return results
  }
  const send = async (request: OutboxRequest) => (await sendAll([request]))[0]!
  return { context: { fireAt, dryRun: mode.dryRun, onlyOnWorkingDays: job.onlyOnWorkingDays, send, sendAll }, sent }
}
