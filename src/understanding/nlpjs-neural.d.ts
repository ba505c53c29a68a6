/** The part of @nlpjs/neural (a CommonJS package without types) that intent-classifier.ts uses. */
declare module '@nlpjs/neural' {
  export interface NeuralSettings {
    iterations?: number
    errorThresh?: number
    deltaErrorThresh?: number
    learningRate?: number
    momentum?: number
    alpha?: number
    log?: boolean
  }
  export interface TrainingExample {
    input: Record<string, number>
    output: Record<string, number>
  }
  export interface Perceptron {
    name: string
    weights: Float32Array
    bias: number
  }
  export class NeuralNetwork {
    constructor(settings?: NeuralSettings)
    perceptrons: Perceptron[]
    lookup: { transformInput(input: Record<string, number>): { keys: number[]; data: Record<number, number> } }
    train(corpus: TrainingExample[]): { iterations: number; error: number }
    run(input: Record<string, number>): Record<string, number> | undefined
  }
}
