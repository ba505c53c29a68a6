import { NeuralNetwork, type Perceptron } from '@nlpjs/neural'
import type { Intent } from './vocabulary.ts'

export interface Example {
  readonly features: readonly string[]
  readonly intent: Intent
}

export interface Scored {
  readonly intent: Intent
  readonly score: number
}

/** nlp.js's neural classifier (one perceptron per intent) over our own character n-gram features. */
export interface IntentClassifier {
  classify(features: readonly string[]): Scored[]
}

export function trainIntentClassifier(examples: readonly Example[]): IntentClassifier {
  const network = new NeuralNetwork({ iterations: 2000, errorThresh: 0.0001 })
  network.train(examples.map((e) => ({ input: asInput(e.features), output: { [e.intent]: 1 } })))
  return {
    classify(features) {
      const input = network.lookup.transformInput(asInput(features))
      return network.perceptrons
        .map((p) => ({ intent: p.name as Intent, score: activation(p, input) }))
        .sort((a, b) => b.score - a.score)
    },
  }
}

/**
 * The perceptron's sum before its rectifier: `run` clips every negative sum to 0, so a message
 * with few known features would tie all intents; the sums still rank them.
 */
function activation(p: Perceptron, input: { keys: number[]; data: Record<number, number> }): number {
  let sum = p.bias
  for (const key of input.keys) sum += input.data[key]! * p.weights[key]!
  return sum
}

function asInput(features: readonly string[]): Record<string, number> {
  const input: Record<string, number> = {}
  for (const f of features) input[f] = 1
  return input
}
