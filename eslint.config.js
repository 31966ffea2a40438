// ESLint (flat config): typescript-eslint's recommended rules over every TypeScript file. The
// boundaries between folders are dependency-cruiser's (.dependency-cruiser.cjs); both run in
// `npm run lint`.
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores(['node_modules/', 'openapi/', 'bench/', '.tap/', '.data/', '.keys/', 'coverage/']),
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // A leading underscore names what is deliberately unused (a destructured part left out, an argument a signature requires).
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true,
      }],
    },
  },
)
