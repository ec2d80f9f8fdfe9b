export { startPostHogSimulator, type PostHogSimulator } from './simulator.server.js';
export type { PostHogSimulatorOptions } from './simulator.options.js';
export {
  ControlError,
  SimulatorControl,
  type CreatedKey,
  type EventInput,
  type KeyInfo,
  type KeyInput,
  type KeyPatch,
  type ResetOptions,
  type SimulatorSummary,
} from './control/simulator.control.js';
export type { FaultInfo, FaultSpec, FaultType } from './faults/fault.registry.js';
export type { RequestCounter, RequestLogEntry } from './log/request-log.js';
export type { ThrottleSettings } from './throttle/throttle.js';
export type { SeedName } from './seed/seed.registry.js';
export { DEMO_SURVEY_IDS } from './seed/demo-objects.seed.js';
export {
  DEMO_KEYS,
  DEMO_ORGANIZATION_ID,
  DEMO_PROJECT_ID,
  DEMO_PROJECT_TOKEN,
  FINDRY_READ_SCOPES,
  FOREIGN_ORGANIZATION_ID,
  FOREIGN_PROJECT_ID,
  FOREIGN_PROJECT_TOKEN,
  OTHER_PROJECT_ID,
  OTHER_PROJECT_TOKEN,
} from './seed/seed.constants.js';
export type { HogQLEvent } from './hogql/hogql-event.js';
