import type { HogQLEvent } from './hogql-event.js';
import { columnTypeName, renderValue } from './hogql.output.js';
import { parseHogQL } from './hogql.parser.js';
import { planQuery, type AggregatePlan, type Group, type QueryPlan, type RowsPlan } from './hogql.planner.js';
import { printSelect } from './hogql.printer.js';
import { selectTopK, sortByKeys } from './hogql.sorter.js';

/** `posthog/hogql/constants.py`: rows returned when the query has no LIMIT (API query context). */
export const DEFAULT_RETURNED_ROWS = 100;
/** `posthog/hogql/constants.py`: any larger LIMIT is silently lowered to this. */
export const MAX_SELECT_RETURNED_ROWS = 50_000;

export interface HogQLInput {
  readonly query: string;
  readonly values?: Record<string, unknown>;
  /** The project's events; the caller has already filtered them to one project. */
  readonly events: readonly HogQLEvent[];
  /** Epoch ms used by now(); defaults to Date.now(). */
  readonly now?: number;
}

/** The HogQL-specific part of PostHog's `CachedHogQLQueryResponse`; the HTTP layer adds cache and timing fields. */
export interface HogQLResult {
  columns: string[];
  /** `[column, ClickHouse type]` pairs. */
  types: [string, string][];
  results: unknown[][];
  /** Only set when the query had no LIMIT (PostHog's HogQLHasMorePaginator); null otherwise. */
  hasMore: boolean | null;
  limit: number | null;
  offset: number | null;
  /** The executed query, printed in PostHog's HogQL style with placeholders substituted and the effective LIMIT. */
  hogql: string;
}

// A SELECT without FROM runs once, like ClickHouse's system.one; the resolver rejects column references then.
const SINGLE_ROW: readonly HogQLEvent[] = [{ uuid: '', event: '', distinct_id: '', person_id: '', timestamp: 0, properties: {} }];

function project(select: RowsPlan['select'], input: unknown): unknown[] {
  const row = new Array<unknown>(select.length);
  for (let i = 0; i < select.length; i++) row[i] = select[i]!(input);
  return row;
}

function runRows(plan: RowsPlan, events: readonly HogQLEvent[], fetch: number): unknown[][] {
  if (fetch <= 0) return [];
  const where = plan.where;
  if (plan.orderBy.length === 0) {
    // No order requested: events come back in storage order, so the scan can stop early.
    const out: unknown[][] = [];
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (where !== null && where(event) !== true) continue;
      out.push(project(plan.select, event));
      if (out.length >= fetch) break;
    }
    return out;
  }
  return selectTopK(events, where, plan.orderBy, fetch).map((event) => project(plan.select, event));
}

function newGroup(plan: AggregatePlan, keys: unknown[]): Group {
  return { keys, accumulators: plan.aggregates.map((aggregate) => aggregate.create()), values: [] };
}

function findGroup(plan: AggregatePlan, root: Map<unknown, unknown>, event: HogQLEvent, groups: Group[]): Group {
  const keyFns = plan.groupKeys;
  const last = keyFns.length - 1;
  let level = root;
  for (let k = 0; ; k++) {
    const raw = keyFns[k]!(event);
    const lookup = plan.serializeKey[k] ? JSON.stringify(raw) : raw;
    const found = level.get(lookup);
    if (k === last) {
      if (found !== undefined) return found as Group;
      const group = newGroup(plan, keyFns.map((read) => read(event)));
      level.set(lookup, group);
      groups.push(group);
      return group;
    }
    // Multi-column keys nest one Map per column, so no composite key string is built per row.
    let next = found as Map<unknown, unknown> | undefined;
    if (next === undefined) {
      next = new Map();
      level.set(lookup, next);
    }
    level = next;
  }
}

function runAggregate(plan: AggregatePlan, events: readonly HogQLEvent[], fetch: number): unknown[][] {
  const where = plan.where;
  const groups: Group[] = [];
  const root = new Map<unknown, unknown>();
  // Without GROUP BY there is exactly one group, even over zero rows (count() = 0).
  const single = plan.groupKeys.length === 0 ? newGroup(plan, []) : null;
  if (single !== null) groups.push(single);

  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (where !== null && where(event) !== true) continue;
    const group = single ?? findGroup(plan, root, event, groups);
    const accumulators = group.accumulators;
    for (let a = 0; a < accumulators.length; a++) accumulators[a]!.add(event);
  }

  for (const group of groups) group.values = group.accumulators.map((accumulator) => accumulator.result());
  let kept = plan.having === null ? groups : groups.filter((group) => plan.having!(group) === true);
  if (plan.orderBy.length > 0) kept = sortByKeys(kept, plan.orderBy);
  return kept.slice(0, Math.max(fetch, 0)).map((group) => project(plan.select, group));
}

function run(plan: QueryPlan, events: readonly HogQLEvent[], fetch: number): unknown[][] {
  const source = plan.hasFrom ? events : SINGLE_ROW;
  return plan.kind === 'rows' ? runRows(plan, source, fetch) : runAggregate(plan, source, fetch);
}

/**
 * Runs one HogQL query over the given events with PostHog's API semantics: no LIMIT → at most 100
 * rows plus `hasMore`/`limit`/`offset`; a LIMIT → capped at 50 000 with those fields null; OFFSET →
 * the personal-API-key error. Throws {@link HogQLError} for anything invalid or unsupported.
 */
export function executeHogQL(input: HogQLInput): HogQLResult {
  const query = parseHogQL(input.query, input.values);
  const plan = planQuery(query, { now: input.now ?? Date.now() });

  const paginated = query.limit === undefined;
  const limit = paginated ? DEFAULT_RETURNED_ROWS : Math.min(query.limit!, MAX_SELECT_RETURNED_ROWS);
  // PostHog's paginator asks for one extra row to learn whether more exist.
  const rows = run(plan, input.events, paginated ? limit + 1 : limit);
  const hasMore = paginated ? rows.length > limit : null;
  if (rows.length > limit) rows.length = limit;

  const results = rows.map((row) => row.map((value, i) => renderValue(value, plan.columns[i]!.type)));
  const columns = plan.columns.map((column) => column.name);
  const types = plan.columns.map((column, i): [string, string] => [
    column.name,
    columnTypeName(
      column.type,
      results.map((row) => row[i]),
    ),
  ]);
  return {
    columns,
    types,
    results,
    hasMore,
    limit: paginated ? limit : null,
    offset: paginated ? 0 : null,
    hogql: printSelect(query, paginated ? { limit: limit + 1, offset: 0 } : { limit }),
  };
}
