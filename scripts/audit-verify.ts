// npm run audit:verify: walks the audit chain on the configured database.
// Exit 0 and the count when it holds; exit 1 naming the first broken entry otherwise.
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/client.js'
import { walkAudit } from '../src/db/queries/audit.js'
import { verifyChain } from '../src/domain/audit-chain.js'

const config = loadConfig()
const opened = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
try {
  const result = await verifyChain(walkAudit(opened.db))
  if (result.ok) {
    console.log(`audit chain holds: ${result.count} entries`)
  } else {
    console.error(`audit chain broken at entry ${result.seq}: ${result.reason} (${result.count} entries before it hold)`)
    process.exitCode = 1
  }
} finally {
  await opened.close()
}
