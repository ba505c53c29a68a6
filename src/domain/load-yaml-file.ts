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
    throw new Error(`${file}: ${yamlPath(issue.path, data)}: ${issue.message}`)
  }
  return parsed.data
}

/** The path to the problem; an array element with an `id` is named by it too (rules[3] (R20)), so the entry is easy to find. */
function yamlPath(path: readonly PropertyKey[], data: unknown): string {
  if (path.length === 0) return '(top level)'
  let node = data
  return path
    .map((key, i) => {
      node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined
      const id = typeof key === 'number' && node !== null && typeof node === 'object' ? (node as { id?: unknown }).id : undefined
      const named = typeof id === 'string' ? ` (${id})` : ''
      return typeof key === 'number' ? `[${key}]${named}` : `${i > 0 ? '.' : ''}${String(key)}`
    })
    .join('')
}
