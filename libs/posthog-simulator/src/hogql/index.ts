export type * from './hogql.ast.js';
export { HogQLError, OFFSET_NOT_ALLOWED_MESSAGE } from './hogql.errors.js';
export {
  DEFAULT_RETURNED_ROWS,
  MAX_SELECT_RETURNED_ROWS,
  executeHogQL,
  type HogQLInput,
  type HogQLResult,
} from './hogql.evaluator.js';
export type { HogQLEvent } from './hogql-event.js';
export { parseHogQL, parseHogQLExpr } from './hogql.parser.js';
export { printExpr, printSelect } from './hogql.printer.js';
