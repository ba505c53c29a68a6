import { COMMANDS, EDIT_FIELDS, type Command, type EditField, type Vocabulary } from './vocabulary.ts'
import { alternation, anyOf, compile } from './patterns.ts'

export interface CommandGrammar {
  readonly phrases: ReadonlyMap<string, Command>
  readonly patterns: ReadonlyArray<readonly [Command, RegExp]>
  readonly polite: RegExp
  readonly edit: RegExp
  readonly editVerb: RegExp
  /** Verbs right before a new value (改成 …) or an added one (加上 …): the first one a value follows starts it. */
  readonly valueVerb: RegExp
  /** One of those verbs that adds the value to a list (加上, 补充, 还有 …) rather than replacing it. */
  readonly addVerb: RegExp
  readonly removeVerb: RegExp
  /** An edit that starts as one (再加一条意见 …, 意见改成 …) stays an edit though it names an opinion. */
  readonly editStart: RegExp
  /** A field and how it changes (意见改成 …): an edit of any length. */
  readonly editOfField: RegExp
  readonly fields: ReadonlyArray<readonly [EditField, RegExp]>
  /** A field word alone (改一下地点): it names what to change, it is no new value. */
  readonly fieldWord: RegExp
}

/** Where a reply of several short phrases (是的，没错 · 好的 没问题) breaks into them. */
const PART_BREAK = /[\s，,。.!！、~～]+/u

/** Longest message (in characters, without punctuation) that may still be a command. */
const MAX_COMMAND_LENGTH = 20

export function compileCommands(vocabulary: Vocabulary['commands']): CommandGrammar {
  const phrases = new Map<string, Command>()
  for (const command of COMMANDS) {
    for (const phrase of vocabulary.commands[command].phrases) phrases.set(bare(phrase.toLowerCase()) || phrase, command)
  }
  const polite = alternation(vocabulary.politeWords)
  return {
    phrases,
    patterns: COMMANDS.flatMap((c) => vocabulary.commands[c].patterns.map((p) => [c, compile(p, 'i')] as const)),
    polite: compile(`^(?:${polite})+|(?:${polite})+$`, 'g'),
    edit: anyOf(vocabulary.edit.patterns, 'i'),
    editVerb: compile(`(?:${alternation([...vocabulary.edit.valueVerbs, ...vocabulary.edit.addVerbs, ...vocabulary.edit.removeVerbs, ...vocabulary.edit.verbs])})`, 'g'),
    valueVerb: compile(`(?:${alternation([...vocabulary.edit.valueVerbs, ...vocabulary.edit.addVerbs, ...vocabulary.edit.removeVerbs])})`, 'g'),
    addVerb: compile(`^(?:${alternation(vocabulary.edit.addVerbs)})$`),
    removeVerb: compile(`^(?:${alternation(vocabulary.edit.removeVerbs)})$`),
    editStart: anyOf([...vocabulary.edit.startPatterns, ...vocabulary.edit.fieldPatterns]),
    editOfField: anyOf(vocabulary.edit.fieldPatterns),
    fields: EDIT_FIELDS.map((f) => [f, compile(alternation(vocabulary.edit.fields[f]))] as const),
    fieldWord: compile(`^(?:${alternation(EDIT_FIELDS.flatMap((f) => vocabulary.edit.fields[f]))})$`),
  }
}

/** Punctuation, spaces and emoji removed: how a short reply is compared. */
export function bare(text: string): string {
  return text.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '')
}

/** A conversation command (confirm, cancel, back, undo, help) or 'edit', when the message is one. */
export function findCommand(normalized: string, grammar: CommandGrammar): Command | 'edit' | null {
  const trimmed = normalized.trim()
  const plain = bare(trimmed)
  if (grammar.editOfField.test(plain)) return 'edit'
  if (plain.length > MAX_COMMAND_LENGTH) return null
  const exact = grammar.phrases.get(plain || trimmed) ?? grammar.phrases.get(plain.replace(grammar.polite, ''))
  if (exact) return exact
  const parts = trimmed.split(PART_BREAK).map(bare).filter(Boolean)
  if (parts.length > 1) {
    const commands = new Set(parts.map((p) => grammar.phrases.get(p) ?? grammar.phrases.get(p.replace(grammar.polite, ''))))
    const [only] = commands
    if (commands.size === 1 && only) return only
  }
  if (grammar.edit.test(plain)) return 'edit'
  for (const [command, pattern] of grammar.patterns) if (pattern.test(plain)) return command
  return null
}
