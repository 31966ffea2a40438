// Enhancements only: every page works without this script (CONSOLE.md).
import { initAll as initGovuk } from '/assets/govuk-frontend.min.js'
import { initAll as initMoj } from '/assets/moj-frontend.min.js'

initGovuk()
initMoj()
