// The worker threads reassessment assesses on (piscina): started on first use, closed with the app.
// Each slice of the market is one task, so a thread takes the slice's JSON text whole (one copy,
// no per-group messages); slices queue while both threads are busy. A slice too small to be worth a
// thread is assessed on the calling thread.
import { Piscina } from 'piscina'
import reassessSlice, { type SliceReassessed, type SliceToAssess } from './reassess-slice.js'

/** Below this many groups a slice is assessed on the calling thread. */
export const MIN_GROUPS_PER_THREAD = 250

export class AssessorThreads {
  private pool?: Piscina
  /** groups assessed on the worker threads so far */
  assessedOnThreads = 0

  /** `threads` 0 assesses everything on the calling thread. */
  constructor(readonly threads: number, private readonly minGroupsPerThread = MIN_GROUPS_PER_THREAD) {}

  async run(task: SliceToAssess): Promise<SliceReassessed> {
    if (this.threads < 1 || task.size < this.minGroupsPerThread) return reassessSlice(task)
    // The worker loads the same module through the loader this process runs under (tsx). A larger
    // young generation than the default 16 MB: each group leaves many short-lived objects, and
    // fewer scavenges made a large reassessment faster in paired runs (bench/README.md).
    this.pool ??= new Piscina({
      filename: new URL('./reassess-slice.ts', import.meta.url).href,
      minThreads: this.threads, maxThreads: this.threads, idleTimeout: 60_000,
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    })
    const done = await (this.pool.run(task) as Promise<SliceReassessed>)
    this.assessedOnThreads += task.size
    return done
  }

  async close() {
    await this.pool?.destroy()
    this.pool = undefined
  }
}
