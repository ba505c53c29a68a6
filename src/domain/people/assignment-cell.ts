import { assignmentKey, type Assignment, type AssignmentDraft } from '../assignments/assignment.ts'
import type { AssignmentVocabulary } from '../assignments/assignment-vocabulary.ts'
import { cleanCell, cleanName } from './roster-cells.ts'
import type { MessageParams, RosterMessageCode } from './roster-format.ts'

export interface AssignmentCell {
  readonly drafts: readonly AssignmentDraft[]
  readonly problems: ReadonlyArray<{ readonly code: RosterMessageCode; readonly params: MessageParams }>
}

/**
 * The 联系点 cell of a roster row: `类别:对象` items separated by 、 , ; or line breaks (full-width
 * too), e.g. `班级:计算机2101班、计算机2102班；必谈:王立新`. An item without a kind has the kind
 * before it; `=` gives a target other names (`班级:计算机科学与技术2101班=计科2101`). The same
 * target twice is taken once.
 */
export function parseAssignmentCell(cell: string, vocabulary: AssignmentVocabulary): AssignmentCell {
  const drafts: AssignmentDraft[] = []
  const problems: Array<{ code: RosterMessageCode; params: MessageParams }> = []
  let kind: AssignmentDraft['kind'] | undefined
  for (const item of cell.normalize('NFKC').split(/[、,;\n\r]+/).map(cleanCell).filter((i) => i !== '')) {
    const colon = item.indexOf(':')
    if (colon >= 0) {
      const name = cleanName(item.slice(0, colon))
      kind = vocabulary.kindByName(name)
      if (!kind) {
        problems.push({ code: 'ASSIGNMENT_KIND_UNKNOWN', params: { item, kind: name, accepted: vocabulary.acceptedNames().join('、') } })
        continue
      }
    } else if (!kind) {
      problems.push({ code: 'ASSIGNMENT_KIND_MISSING', params: { item } })
      continue
    }
    const [target = '', ...aliases] = item
      .slice(colon + 1)
      .split('=')
      .map(cleanName)
    if (target === '') {
      problems.push({ code: 'ASSIGNMENT_TARGET_EMPTY', params: { item } })
      continue
    }
    if (!drafts.some((d) => d.kind === kind && assignmentKey(d.target) === assignmentKey(target))) drafts.push({ kind, target, aliases: aliases.filter((a) => a !== '') })
  }
  return { drafts, problems }
}

/** A person's links as the cell an import reads back the same, one `类别:对象` per link. */
export function writeAssignmentCell(assignments: readonly Assignment[], vocabulary: AssignmentVocabulary): string {
  return assignments.map((a) => `${vocabulary.label(a.kind)}:${[a.target, ...a.aliases].join('=')}`).join('、')
}
