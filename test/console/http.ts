// The tests' HTTP visitor is the one the bench signs in with (scripts/ may not import test/).
export { Visitor, csrfTokenOf } from '../../scripts/console-visitor.js'
