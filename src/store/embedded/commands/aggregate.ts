import type { Document } from 'bson'
import { Aggregator } from 'mingo/aggregator'
import { AGGREGATION_CONTEXT } from '../engine/aggregation-context.ts'
import type { Collection } from '../engine/collection.ts'
import { pipelineFields } from '../engine/pipeline-fields.ts'
import { selectDocuments, sortSpec, type SelectOptions } from '../engine/select.ts'
import { failedToParse, notSupported } from '../errors.ts'
import { DEFAULT_BATCH_SIZE } from '../limits.ts'
import type { CommandHandler } from './context.ts'
import { documentOption, integerOption } from './read.ts'

const UNSUPPORTED_STAGES = new Set(['$out', '$merge', '$currentOp', '$listLocalSessions', '$collStats', '$indexStats', '$changeStream'])

/**
 * aggregate with a cursor. A leading $match (and a $sort, $skip, $limit after it) runs
 * through the index planner; mingo runs the rest, with $lookup reading sibling collections.
 */
export const aggregate: CommandHandler = (command, { catalog, cursors, db }) => {
  if (typeof command.aggregate !== 'string') throw notSupported('database-level aggregation is not supported by the embedded store')
  const pipeline = command.pipeline
  if (!Array.isArray(pipeline)) throw failedToParse("'pipeline' option must be specified as an array")
  for (const stage of pipeline as Document[]) {
    const name = Object.keys(stage)[0] ?? ''
    if (UNSUPPORTED_STAGES.has(name)) throw notSupported(`${name} is not supported by the embedded store`)
  }
  if (command.explain === true) throw notSupported('explain is not supported by the embedded store')
  const ns = `${db}.${command.aggregate}`
  const collection = catalog.get(db, command.aggregate)
  const { source, rest } = collection ? leadingSelection(collection, pipeline as Document[]) : { source: [], rest: pipeline as Document[] }
  // Every document is decoded afresh, so mingo's stages may change them in place.
  const resolver = (name: string) => [...(catalog.get(db, name)?.all() ?? [])]
  const results = rest.length > 0 ? new Aggregator(rest, { collectionResolver: resolver, context: AGGREGATION_CONTEXT }).run(source) : source
  const batchSize = command.cursor && 'batchSize' in command.cursor ? integerOption(documentOption(command, 'cursor'), 'batchSize') : DEFAULT_BATCH_SIZE
  return cursors.first(ns, results as Document[], { batchSize })
}

function leadingSelection(
  collection: Collection,
  pipeline: Document[],
): { source: Document[]; rest: Document[] } {
  let i = 0
  let filter: Document = {}
  const options: { -readonly [K in keyof SelectOptions]: SelectOptions[K] } = {}
  if (pipeline[i]?.$match) filter = pipeline[i++]!.$match as Document
  if (pipeline[i]?.$sort) {
    options.sort = sortSpec(pipeline[i++]!.$sort as Document)
    if (typeof pipeline[i]?.$skip === 'number') options.skip = pipeline[i++]!.$skip as number
    if (typeof pipeline[i]?.$limit === 'number') options.limit = pipeline[i++]!.$limit as number
  }
  // The stages after the selection say which fields to decode; the selection adds its own.
  const rest = pipeline.slice(i)
  const fields = pipelineFields(rest)
  if (fields) options.fields = fields
  return { source: selectDocuments(collection, filter, options).docs, rest }
}
