import { start } from '../src/server.js'

await start()
