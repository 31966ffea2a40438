// The layout's boundaries, checked by `npm run lint` (dependency-cruiser). README, "Where things
// live", says why each holds.
/** Libraries the pure core may use: they compute, and touch no network, file, clock or process. */
const PURE_LIBRARIES = ['ajv', 'ajv-formats', 'canonicalize', 'saxes']

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain is the pure core: it imports only src/domain and pure libraries (add one to PURE_LIBRARIES once it is known to be pure)',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        pathNot: ['^src/domain/', `^node_modules/(${PURE_LIBRARIES.join('|')})/`],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'domain-uses-no-io',
      comment: 'src/domain takes time, ids and data as arguments: of Node\'s own modules only crypto (hashing) is allowed',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'], pathNot: ['^(node:)?crypto$'] },
    },
    {
      name: 'db-below-use-cases',
      comment: 'src/db (statements and row mapping) does not reach up into the use cases, the HTTP layer or the delivery worker',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: ['^src/(commands|delivery|plugins|routes|views|console)/', '^src/(app|server|seed)\\.ts$'] },
    },
    {
      name: 'queries-answer-no-problems',
      comment: 'a query never decides what a missing row means: src/db does not throw HTTP problems (src/problems.ts); commands do',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/problems\\.ts$' },
    },
    {
      name: 'routes-through-commands',
      comment: 'a route parses, calls one command and replies: no database code (src/db, drizzle, the drivers) in src/routes',
      severity: 'error',
      from: { path: '^src/routes/' },
      to: { path: ['^src/db/', '^node_modules/(drizzle-orm|postgres|@electric-sql/pglite)/'] },
    },
    {
      name: 'views-are-shapes',
      comment: 'src/views turn rows into the API\'s shapes: they call no command, plugin, route or delivery code',
      severity: 'error',
      from: { path: '^src/views/' },
      to: { path: ['^src/(commands|delivery|plugins|routes|console)/', '^src/(app|server|seed)\\.ts$'] },
    },
    {
      name: 'commands-without-http',
      comment: 'src/commands is called by routes and console pages alike: it knows neither (no plugins, routes, console, app)',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: { path: ['^src/(plugins|routes|console)/', '^src/(app|server)\\.ts$', '^node_modules/(fastify|@fastify/[^/]+|fastify-plugin)/'] },
    },
    {
      name: 'console-through-commands',
      comment: 'the console (src/console) reaches the data only through src/commands and the access policy, never src/db or the API\'s routes',
      severity: 'error',
      from: { path: '^src/console/' },
      to: { path: ['^src/db/', '^src/routes/'] },
    },
    {
      name: 'app-from-entry-points-only',
      comment: 'src/app.ts builds the whole service: only src/server.ts, scripts/ and test/ build it',
      severity: 'error',
      from: { pathNot: ['^src/server\\.ts$', '^scripts/', '^test/'] },
      to: { path: '^src/app\\.ts$' },
    },
    {
      name: 'bench-and-fuzz-outside-domain',
      comment: 'benchmark and fuzz code lives in scripts/ (and test/fuzz), never in src/domain',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: ['^scripts/', '^test/', '^node_modules/(fast-check|autocannon)/'] },
    },
    {
      name: 'scripts-not-from-tests',
      comment: 'scripts/ do not import from test/: what both need lives in src/ or scripts/',
      severity: 'error',
      from: { path: '^scripts/' },
      to: { path: '^test/' },
    },
    {
      name: 'src-not-from-scripts-or-tests',
      comment: 'the service does not import its scripts or tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ['^scripts/', '^test/'] },
    },
    {
      name: 'no-folder-cycles',
      comment: 'no two folders import each other, through any path',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(src|schema|scripts)/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'no module imports itself through others',
      severity: 'error',
      from: { path: '^(src|schema|scripts)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules may be a link (worktrees share one): name its modules by the link, not the target.
    preserveSymlinks: true,
    // src/console/assets is the browser's code: it imports by URL, from the assets the console serves.
    exclude: { path: ['^(\\.tap|coverage|openapi|bench)/', '^src/console/assets/'] },
    // Type-only imports count: a type from fastify in the domain ties it to fastify all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensionAlias: { '.js': ['.ts', '.js'] },
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
