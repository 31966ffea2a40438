// SEED=demo: the demo market, loaded once into an empty database.
import type { App } from './app.js'

export async function seedDemoMarket(app: App) {
  void app
}
