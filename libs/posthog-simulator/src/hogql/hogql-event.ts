/** One row of the simulator's `events` table, the shape the HogQL evaluator reads. */
export interface HogQLEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  person_id: string;
  /** Epoch milliseconds (UTC). */
  timestamp: number;
  properties: Record<string, unknown>;
}
