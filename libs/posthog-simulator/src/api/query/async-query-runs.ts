/**
 * Async query runs (`refresh: "async"` and friends). The simulator computes the result at once but still answers
 * 202 with a `query_status`, so clients exercise their polling path; the first poll reports completion.
 */
export interface AsyncQueryRun {
  teamId: number;
  startedAt: number;
  payload: Record<string, unknown>;
}

export class AsyncQueryRuns {
  private readonly runs = new Map<string, AsyncQueryRun>();

  add(id: string, run: AsyncQueryRun): void {
    this.runs.set(id, run);
  }

  get(id: string): AsyncQueryRun | undefined {
    return this.runs.get(id);
  }

  delete(id: string): boolean {
    return this.runs.delete(id);
  }
}
