/**
 * Stable error codes. The Chinese text a user sees for each code lives in
 * conversations/messages.yaml; the English `message` is for the log.
 */
export type ErrorCode =
  | 'INTERNAL'
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'STORE_UNAVAILABLE'
  | 'DATA_DIR_LOCKED'
  | 'OPINION_NOT_FOUND'
  | 'OPINION_CHANGED'
  | 'OPINION_NOT_ACCEPTED'
  | 'OPINION_NOT_ANSWERED'
  | 'OPINION_CLOSED'
  | 'NOT_YOUR_OPINION'
  | 'UNIT_NOT_FOUND'
  | 'TRANSFER_TO_SAME_UNIT'
  | 'TRANSFER_NEEDS_REASON'
  | 'TRANSFER_NOT_ACCEPTED'
  | 'REVEAL_NEEDS_REASON'
  | 'NOT_ALLOWED'
  | 'CONTACT_NOT_FOUND'
  | 'UNDO_CONFIRMED_BY_LEADER'
  | 'PERSON_NOT_FOUND'
  | 'PERSON_AMBIGUOUS'

export class LiaisonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: Readonly<Record<string, string | number>> = {},
    /** HTTP status when this error ends a request; absent means 500. */
    readonly status?: number,
  ) {
    super(message)
    this.name = 'LiaisonError'
  }
}

export function isLiaisonError(error: unknown): error is LiaisonError {
  return error instanceof LiaisonError
}
