import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { z } from 'zod'

/**
 * Reads a data file of conversations/ and checks it against its schema. A problem stops the
 * start with one line naming the file, the path inside it and what was expected there, e.g.
 * `conversations/routing.yaml: deadlines.contactKinds.座谈: Invalid input: expected number`.
 */
export function loadYamlFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let data: unknown
  try {
    data = parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message.split('\n')[0]}`)
  }
  const parsed = schema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(`${file}: ${yamlPath(issue.path)}: ${issue.message}`)
  }
  return parsed.data
}

function yamlPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)'
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${String(key)}`)).join('')
}
