import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { z } from 'zod'

export const LOCAL_ROLES = ['leader', 'student', 'office', 'admin'] as const

const personSchema = z.strictObject({
  userId: z.string().regex(/^[\w.@-]{1,64}$/),
  name: z.string().trim().min(1).max(64),
  role: z.enum(LOCAL_ROLES),
  unit: z.string().trim().min(1).max(64).optional(),
})
/** `onRoster`: the person is on the roster (the bot knows their roles), not a sample requester. */
export type LocalPerson = z.infer<typeof personSchema> & { readonly onRoster?: boolean }

/** Who the local chat page offers to speak as. */
export type LocalPeopleSource = () => Promise<readonly LocalPerson[]>

export const LOCAL_PEOPLE_FILE = fileURLToPath(new URL('../../../conversations/local-people.yaml', import.meta.url))

/** The sample requesters of conversations/local-people.yaml, checked once at start. */
export function loadLocalPeople(file: string = LOCAL_PEOPLE_FILE): LocalPeopleSource {
  const parsed = z.array(personSchema).safeParse(parse(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`)
  }
  const people = parsed.data
  return async () => people
}
