// The worker threads reassessment assesses on (piscina): started on first use, closed with the app.
// A market is split evenly across the threads; a small one is assessed on the calling thread, where
// starting the threads would cost more than it saves.
import { Piscina } from 'piscina'
import assessing, { type AssessedGroup, type AssessingTask } from './assessing.js'

/** Below this many groups a slice is assessed on the calling thread. */
export const MIN_GROUPS_PER_THREAD = 250

export class Assessors {
  private pool?: Piscina
  /** groups assessed on the worker threads so far */
  assessedOnThreads = 0

  /** `threads` 0 assesses everything on the calling thread. */
  constructor(readonly threads: number, private readonly minGroupsPerThread = MIN_GROUPS_PER_THREAD) {}

  async run(task: AssessingTask): Promise<AssessedGroup[]> {
    const parts = Math.min(this.threads, Math.floor(task.groups.length / this.minGroupsPerThread))
    if (parts < 1) return assessing(task)
    // The worker loads the same module through the loader this process runs under (tsx). A larger
    // young generation than the default 16 MB: each group leaves many short-lived objects, and
    // fewer scavenges took 2–10 % off a 10,000-group reassessment in paired runs.
    this.pool ??= new Piscina({
      filename: new URL('./assessing.ts', import.meta.url).href,
      minThreads: this.threads, maxThreads: this.threads, idleTimeout: 60_000,
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    })
    const size = Math.ceil(task.groups.length / parts)
    const done = await Promise.all(Array.from({ length: parts }, (_, i) =>
      this.pool!.run({ ...task, groups: task.groups.slice(i * size, (i + 1) * size) }) as Promise<AssessedGroup[]>))
    this.assessedOnThreads += task.groups.length
    return done.flat()
  }

  async close() {
    await this.pool?.destroy()
    this.pool = undefined
  }
}
