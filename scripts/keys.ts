// npm run keys: writes a dev ES256 key pair to .keys/ (git-ignored).
import { writeDevKeys } from '../src/dev-keys.js'

const { dir, kid } = await writeDevKeys()
console.log(`wrote ${dir}/private.jwk.json and ${dir}/jwks.json (kid ${kid})`)
