// The webhook delivery worker: started when the app is ready, stopped (after the attempts in
// flight) when it closes. Every process running the app runs one; they share the outbox safely.
import fp from 'fastify-plugin'
import { createDeliveryWorker } from '../delivery/worker.js'
import { createEmailWorker } from '../delivery/email-worker.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Attempts every delivery due now (by `app.now()`), webhooks then emails, once; resolves with how many. */
    deliverDue: () => Promise<number>
  }
}

export interface WebhooksOptions {
  /** How often the worker looks for due deliveries (ms); 0 = only when `deliverDue()` is called. */
  pollIntervalMs?: number
  /** The most deliveries claimed (and attempted concurrently) at once. */
  batchSize?: number
  /** How long a receiver has to answer (ms). */
  timeoutMs?: number
}

export default fp<WebhooksOptions>(async (app, opts) => {
  // Notices by email through GOV.UK Notify, from the same outbox, in the same turns.
  const email = createEmailWorker({
    db: app.db,
    now: () => app.now(),
    log: app.log.child({ component: 'email' }),
    notify: app.config.notify,
    batchSize: opts.batchSize ?? 20,
    timeoutMs: opts.timeoutMs ?? 10_000,
  })
  const worker = createDeliveryWorker({
    db: app.db,
    now: () => app.now(),
    log: app.log.child({ component: 'webhooks' }),
    pollIntervalMs: opts.pollIntervalMs ?? 1_000,
    batchSize: opts.batchSize ?? 20,
    timeoutMs: opts.timeoutMs ?? 10_000,
    allowLoopback: app.config.webhookAllowHttpLoopback,
    alongside: email,
  })
  app.decorate('deliverDue', worker.deliverDue)
  app.addHook('onReady', async () => { worker.start() })
  // Registered after the db plugin, so this runs before the database closes.
  app.addHook('onClose', async () => { await worker.stop() })
}, { name: 'webhooks', dependencies: ['db'] })
