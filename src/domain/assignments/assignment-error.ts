import type { AssignmentMessageCode } from './assignment-vocabulary.ts'

/** An admin's edit that cannot be made; `code` names its Chinese text in conversations/assignments.yaml. */
export class AssignmentError extends Error {
  constructor(
    readonly code: AssignmentMessageCode,
    readonly params: Readonly<Record<string, string>> = {},
  ) {
    super(`assignment edit refused: ${code} ${JSON.stringify(params)}`)
    this.name = 'AssignmentError'
  }
}
