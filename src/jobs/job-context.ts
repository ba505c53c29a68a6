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
  const send: JobSend = async (request) => {
    const inserted = mode.dryRun ? !sent.some((s) => s.request.key === request.key) : (await mode.enqueue(request)).inserted
    sent.push({ request, inserted })
    return { inserted }
  }
  return { context: { fireAt, dryRun: mode.dryRun, onlyOnWorkingDays: job.onlyOnWorkingDays, send }, sent }
}
