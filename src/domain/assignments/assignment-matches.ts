import { PERSON_KINDS, type Assignment } from './assignment.ts'
import { assignmentVocabulary, type AssignmentVocabulary } from './assignment-vocabulary.ts'

/**
 * Whether a contact counts toward an assignment: one of its targets, as the leader wrote them,
 * names the assignment's target or an alias. Both are cleaned first (full-width characters,
 * spaces, quotes, anything in parentheses) and stripped of the words around a name
 * (conversations/assignments.yaml `matching`). Then:
 *
 * - a group (class, branch, college …) matches when the two are equal, when the contact's name holds
 *   the whole of it and more (计算机2101班团支部), or when it is the assignment without its
 *   qualifier in front (2101班 for 计算机2101班, not 计算机学院 for 计算机学院学生第一党支部);
 *   a part never splits a number (1班 is not in 21班) and is never only a general word (党支部);
 * - a person matches by the whole name, with or without a title or a unit before it (李明老师,
 *   青年教师李明, 计算机学院李明), or by surname and title (张教授 for 张建华); never by part of a
 *   name (李明 is not 李明华).
 *
 * Pure; the vocabulary defaults to the shipped file.
 */
export function assignmentMatches(
  assignment: Pick<Assignment, 'kind' | 'target' | 'aliases'>,
  contactTargets: readonly string[],
  vocabulary: AssignmentVocabulary = assignmentVocabulary(),
): boolean {
  const words = prepared(vocabulary)
  const names = [assignment.target, ...assignment.aliases]
  return names.some((name) => {
    const person = PERSON_KINDS.has(assignment.kind) ? personName(name, words) : undefined
    return contactTargets.some((written) => (person !== undefined ? personMatches(person, written, words) : groupMatches(name, written, words)))
  })
}

/** The vocabulary's words, cleaned like the targets and longest first, so 副教授 goes before 教授. */
interface Words {
  readonly groupSuffixes: readonly string[]
  readonly groupPrefixes: readonly string[]
  readonly personTitles: readonly string[]
  readonly personPrefixes: readonly string[]
  /** What may come right before a name: a prefix word, or the end of a unit's name. */
  readonly beforeName: readonly string[]
  readonly compoundSurnames: readonly string[]
  readonly generic: ReadonlySet<string>
}

const cache = new WeakMap<AssignmentVocabulary, Words>()
function prepared(vocabulary: AssignmentVocabulary): Words {
  let words = cache.get(vocabulary)
  if (!words) {
    const m = vocabulary.matching
    const longestFirst = (...lists: Array<readonly string[]>) => lists.flat().map(clean).sort((a, b) => b.length - a.length)
    words = {
      groupSuffixes: longestFirst(m.groupSuffixes),
      groupPrefixes: longestFirst(m.groupPrefixes),
      personTitles: longestFirst(m.personTitles),
      personPrefixes: longestFirst(m.personPrefixes),
      beforeName: longestFirst(m.personPrefixes, m.unitEndings),
      compoundSurnames: longestFirst(m.compoundSurnames),
      generic: new Set([...vocabulary.kindNames, ...m.generic.map(clean)]),
    }
    cache.set(vocabulary, words)
  }
  return words
}

/** NFKC, no spaces, quotes, brackets or parenthesised asides (李明（计算机学院）), ASCII in lower case. */
function clean(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\([^()]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[\s"'“”‘’《》「」『』<>·•]/g, '')
    .toLowerCase()
}

function stripStart(text: string, words: readonly string[]): string {
  for (let changed = true; changed; ) {
    changed = false
    const word = words.find((w) => text.startsWith(w) && text.length > w.length)
    if (word) [text, changed] = [text.slice(word.length), true]
  }
  return text
}

/** Strips the words off the end, and says whether it did. */
function stripEnd(text: string, words: readonly string[]): [string, boolean] {
  let stripped = false
  for (let changed = true; changed; ) {
    changed = false
    const word = words.find((w) => text.endsWith(w))
    if (word) [text, changed, stripped] = [text.slice(0, -word.length), true, true]
  }
  return [text, stripped]
}

function groupName(text: string, words: Words): string {
  return stripEnd(stripStart(clean(text), words.groupPrefixes), words.groupSuffixes)[0]
}

function groupMatches(target: string, written: string, words: Words): boolean {
  const assigned = groupName(target, words)
  const contact = groupName(written, words)
  if (assigned === '' || contact === '') return false
  if (assigned === contact) return true
  const specific = (part: string) => part.length >= 2 && !words.generic.has(part)
  // The contact names part of the assignment: only its end, the part that says what it is.
  if (contact.length < assigned.length) return assigned.endsWith(contact) && specific(contact) && clearEdges(assigned, assigned.length - contact.length, contact)
  if (!specific(assigned)) return false
  for (let at = contact.indexOf(assigned); at >= 0; at = contact.indexOf(assigned, at + 1)) if (clearEdges(contact, at, assigned)) return true
  return false
}

const CHARACTER_CLASSES = [/[0-9]/, /[a-z]/, /[零〇一二三四五六七八九十百千两]/]
/** Whether `part`, found at `at` in `whole`, does not continue a number or word there (1班 in 21班). */
function clearEdges(whole: string, at: number, part: string): boolean {
  const continues = (outside: string | undefined, inside: string) => outside !== undefined && CHARACTER_CLASSES.some((c) => c.test(outside) && c.test(inside))
  return !continues(whole[at - 1], part[0]!) && !continues(whole[at + part.length], part.at(-1)!)
}

/** The name of a person target (青年教师李明 → 李明); undefined when it is no personal name but a group (计算机2101班班长). */
function personName(target: string, words: Words): string | undefined {
  const name = stripStart(stripEnd(clean(target), words.personTitles)[0], words.personPrefixes)
  return /^\p{Script=Han}{1,4}$/u.test(name) && !words.generic.has(name) ? name : undefined
}

function personMatches(name: string, written: string, words: Words): boolean {
  const [contact, titled] = stripEnd(clean(written), words.personTitles)
  const introduced = (before: string) => before === '' || words.beforeName.some((w) => before.endsWith(w))
  if (contact.endsWith(name) && introduced(contact.slice(0, -name.length))) return true
  if (!titled) return false
  // A surname and a title: 张教授, 欧阳老师, 青年教师王老师.
  const surname = words.compoundSurnames.find((s) => contact.endsWith(s)) ?? contact.slice(-1)
  return surname !== '' && introduced(contact.slice(0, -surname.length)) && name.startsWith(surname) && name.length > surname.length
}
