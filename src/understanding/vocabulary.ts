import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

/** A regular expression kept as text in YAML; it must compile with the `u` flag. */
const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'u')
      return true
    } catch {
      return false
    }
  },
  { message: 'expected a valid regular expression' },
)
const words = z.array(z.string().min(1)).default([])
const patterns = z.array(pattern).default([])

export const INTENTS = [
  'report_contact', 'submit_opinion', 'query_progress', 'query_opinion', 'help',
  'confirm', 'cancel', 'back', 'undo', 'edit', 'other',
] as const
export type Intent = (typeof INTENTS)[number]
export const COMMANDS = ['confirm', 'cancel', 'back', 'undo', 'help'] as const
export type Command = (typeof COMMANDS)[number]
export const EDIT_FIELDS = ['date', 'place', 'targets', 'kinds', 'opinions'] as const
export type EditField = (typeof EDIT_FIELDS)[number]

const schemas = {
  kinds: z.object({
    kinds: z.array(z.object({
      label: z.string().min(1),
      words, patterns, venues: words, venuePatterns: patterns, fallback: words,
      online: z.boolean().default(false),
    })).min(1),
  }),
  categories: z.object({
    fallback: z.string().min(1),
    neutral: words,
    categories: z.array(z.object({ label: z.string().min(1), keywords: words, strong: words })).min(1),
  }),
  opinions: z.object({
    cues: words, cuePatterns: patterns, speakerPatterns: patterns, speakerTailPatterns: patterns,
    leadInPatterns: patterns, trailingParticles: words, splitWords: words, clauseConnectives: words, actionPatterns: patterns, fillerPatterns: patterns,
    followUpPatterns: patterns, consequencePatterns: patterns, problemPatterns: patterns, notProblemPatterns: patterns, anonymousPatterns: patterns, notAnonymousPatterns: patterns,
    raisePatterns: patterns, commentPatterns: patterns, ticketBreakPatterns: patterns, bareTopicMaxHan: z.number().int().min(1).max(20), modifierMark: z.string().min(1),
  }),
  places: z.object({
    introducers: words, introducerPatterns: patterns, skipPatterns: patterns, endings: words, notEndings: words, roomPattern: pattern,
    unitEndings: words, prepositions: words, personSuffixes: words,
    positionPatterns: patterns, notPlacePatterns: patterns, spacedWordPattern: pattern, numberedPatterns: patterns, named: words,
    numberedVenuePatterns: patterns, stopWords: words, notStopWords: words, modifierMark: z.string().min(1), dropPrefixes: words,
  }),
  targets: z.object({
    introducers: words, introducerPatterns: patterns, prepositions: words, prepositionPatterns: patterns, companionPatterns: patterns, stopWords: words,
    possessivePatterns: patterns, headPatterns: patterns, standalonePatterns: patterns, skipPatterns: patterns,
    joinedPrepositions: words, peoplePatterns: patterns, countPattern: pattern, notStopWords: words, contactedPatterns: patterns, notTargetPatterns: patterns, referencePatterns: patterns,
    joiners: words, joinerPatterns: patterns, listedBeforePattern: pattern, modifierMark: z.string().min(1),
  }),
  dates: z.object({
    relativeDays: z.record(z.string(), z.number().int()),
    justNow: words,
    justNowPatterns: patterns,
    holidays: z.record(z.string(), z.string().regex(/^\d{1,2}-\d{1,2}$/, 'expected month-day such as 10-1')),
    notHolidayAfter: words,
    partsOfDay: z.record(z.string(), z.enum(['am', 'noon', 'pm'])),
    weekdays: z.record(z.string(), z.number().int().min(1).max(7)),
    weekWords: words,
    weekOffsets: z.record(z.string(), z.number().int()),
    monthOffsets: z.record(z.string(), z.number().int()),
    marks: z.object({ year: z.string().min(1), month: z.string().min(1), day: words }),
    numerals: z.record(z.string(), z.number().int().min(0).max(10)),
    quantityUnits: words,
    clockMarks: words,
    dayFollowers: words,
  }),
  slips: z.object({
    slips: z.record(z.string().min(1), z.string().min(1)).default({}).refine(
      (slips) => Object.entries(slips).every(([slip, word]) => slip.length === word.length),
      { message: 'expected each slip and its word to have the same length' },
    ),
  }),
  commands: z.object({
    politeWords: words,
    commands: z.object(Object.fromEntries(COMMANDS.map((c) => [c, z.object({ phrases: words, patterns })])) as {
      [C in Command]: z.ZodObject<{ phrases: typeof words; patterns: typeof patterns }>
    }),
    edit: z.object({
      startPatterns: patterns,
      fieldPatterns: patterns,
      valueVerbs: words,
      addVerbs: words,
      removeVerbs: words,
      verbs: words,
      fields: z.object(Object.fromEntries(EDIT_FIELDS.map((f) => [f, words])) as { [F in EditField]: typeof words }),
      patterns,
    }),
  }),
  amounts: z.object({
    measureWords: words,
    classHours: z.object({ units: words, notAfter: words }),
    days: z.object({ units: words, half: z.string().min(1), notAfter: words }),
  }),
  intents: z.object({
    signals: z.object({
      question: patterns, future: patterns, ticket: patterns, ownOpinion: patterns, progress: patterns, done: patterns,
      support: z.object({ query_progress: patterns, query_opinion: patterns, help: patterns }),
    }),
    intents: z.object(Object.fromEntries(INTENTS.map((i) => [i, z.array(z.string().min(1)).min(1)])) as {
      [I in Intent]: z.ZodArray<z.ZodString>
    }),
  }),
}

type Schemas = typeof schemas
/** Everything a university may reword, one entry per file of conversations/vocabulary/. */
export type Vocabulary = { readonly [F in keyof Schemas]: z.infer<Schemas[F]> }

/** A vocabulary file that is missing or does not match its schema; the message names file and path. */
export class VocabularyError extends Error {
  constructor(readonly file: string, readonly at: string, expected: string) {
    super(`${file}${at ? `: ${at}` : ''}: ${expected}`)
    this.name = 'VocabularyError'
  }
}

/** Reads and validates every vocabulary file in `dir` (conversations/vocabulary). */
export function loadVocabulary(dir: string): Vocabulary {
  const entries = Object.entries(schemas).map(([name, schema]) => {
    const file = `${name}.yaml`
    let raw: unknown
    try {
      raw = parseYaml(fs.readFileSync(path.join(dir, file), 'utf8'))
    } catch (error) {
      throw new VocabularyError(file, '', `expected a readable YAML file (${(error as Error).message.split('\n')[0]})`)
    }
    const parsed = schema.safeParse(raw ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new VocabularyError(file, formatPath(issue.path), issue.message)
    }
    return [name, parsed.data]
  })
  return Object.fromEntries(entries) as Vocabulary
}

function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`))
    .join('')
}
