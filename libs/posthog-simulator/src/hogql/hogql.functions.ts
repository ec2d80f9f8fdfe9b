import { rawValueReader } from './hogql.columns.js';
import { compiled, constantOf, type CompileContext, type Compiled, type RowFn } from './hogql.compiled.js';
import { parseDateTime, type IntervalUnit } from './hogql.datetime.js';
import { HogQLError } from './hogql.errors.js';
import type { HogQLEvent } from './hogql-event.js';
import { conditionReader, membershipTester } from './hogql.operators.js';
import { TYPES, arrayOf, intervalOf, maybeNull, unifyTypes, withNullable, type SqlType } from './hogql.types.js';
import { compareValues, normalizeProperty, numericValue, toNumberOrNull, valueToString } from './hogql.values.js';

/**
 * Scalar (non-aggregate) functions. Names are case-sensitive as in HogQL. Each `build` receives the
 * compiled arguments and returns a compiled call; the compiler constant-folds calls whose arguments
 * are all constant unless `readsRow` says the function looks at the event itself.
 */
export interface ScalarFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Depends on the event beyond its arguments (getSurveyResponse), so never constant-folded and never valid after GROUP BY. */
  readonly readsRow?: boolean;
  build(args: readonly Compiled[], context: CompileContext): Compiled;
}

/** Applies `apply` to a single argument, passing nulls through. */
function unary(arg: Compiled, type: SqlType, apply: (value: any) => unknown): Compiled {
  const read = arg.fn;
  return compiled((input) => {
    const value = read(input);
    return value === null ? null : apply(value);
  }, withNullable(type, maybeNull(arg.type) || type.nullable));
}

function requireConstant(name: string, arg: Compiled | undefined, position: string): unknown {
  if (arg === undefined) return undefined;
  if (!arg.isConst) throw new HogQLError(`${name} ${position} argument must be a constant`);
  return arg.value;
}

function toDateTime(args: readonly Compiled[]): Compiled {
  const [arg, timezone] = args;
  if (timezone !== undefined) {
    const tz = requireConstant('toDateTime', timezone, 'second');
    if (tz !== 'UTC') throw new HogQLError(`toDateTime: only the 'UTC' timezone is supported by the simulator, got ${JSON.stringify(tz)}`);
  }
  const value = arg!;
  switch (value.type.kind) {
    case 'datetime':
      return unary(value, TYPES.dateTime, (ms: number) => Math.floor(ms / 1000) * 1000);
    case 'int':
    case 'float':
      return unary(value, TYPES.dateTime, (seconds: number) => Math.floor(seconds) * 1000);
    case 'string':
      // HogQL maps toDateTime(String) to parseDateTime64BestEffortOrNull: DateTime64, NULL when unparseable.
      return unary(value, withNullable(TYPES.dateTime64, true), (text: string) => parseDateTime(text));
    case 'dynamic':
    case 'nothing':
      return unary(value, withNullable(TYPES.dateTime64, true), (raw: string | number) =>
        typeof raw === 'number' ? Math.floor(raw) * 1000 : parseDateTime(raw),
      );
    default:
      throw new HogQLError(`Illegal type ${value.type.ch} of argument of function toDateTime`);
  }
}

function toUnixTimestamp64Milli(args: readonly Compiled[]): Compiled {
  const arg = args[0]!;
  if (arg.type.kind === 'datetime') return unary(arg, TYPES.int64, (ms: number) => Math.floor(ms));
  if (arg.type.kind === 'string' || arg.type.kind === 'dynamic' || arg.type.kind === 'nothing') {
    return unary(arg, withNullable(TYPES.int64, true), (raw: unknown) => {
      const ms = typeof raw === 'string' ? parseDateTime(raw) : null;
      return ms === null ? null : Math.floor(ms);
    });
  }
  throw new HogQLError(`Illegal type ${arg.type.ch} of argument of function toUnixTimestamp64Milli, expected DateTime64`);
}

function toStringFn(args: readonly Compiled[]): Compiled {
  const arg = args[0]!;
  if (arg.type.kind === 'string' || arg.type.kind === 'uuid') return { ...arg, type: withNullable(TYPES.string, arg.type.nullable) };
  const type = arg.type;
  return unary(arg, TYPES.string, (value) => valueToString(value, type));
}

/** JSON scalar as getSurveyResponse reads it: text as-is, other scalars stringified, empty → null. */
function surveyText(value: unknown): string | null {
  const normalized = normalizeProperty(value);
  if (normalized === null) return null;
  const text = typeof normalized === 'number' ? String(normalized) : normalized;
  return text === '' ? null : text;
}

function rawArrayElements(value: unknown): string[] | null {
  return Array.isArray(value) ? value.map((item) => JSON.stringify(item)) : null;
}

/**
 * `getSurveyResponse(index, 'question_id'[, is_multiple_choice])` as defined in PostHog's
 * `posthog/hogql/functions/survey.py`: the id-keyed property `$survey_response_<id>` wins, the
 * legacy index key (`$survey_response` for index 0, `$survey_response_<n>` otherwise) is the fallback.
 * Empty strings count as missing. Without a question id the id is looked up in `$survey_questions`.
 * Multiple choice returns the array's elements as raw JSON strings (JSONExtractArrayRaw), e.g. `"\"A\""`.
 */
function getSurveyResponse(args: readonly Compiled[]): Compiled {
  const indexValue = requireConstant('getSurveyResponse', args[0], 'first');
  if ((typeof indexValue !== 'number' && typeof indexValue !== 'string') || !/^-?\d+$/.test(String(indexValue))) {
    throw new HogQLError('getSurveyResponse first argument must be a valid integer');
  }
  const index = Number(indexValue);
  const questionId = requireConstant('getSurveyResponse', args[1], 'second');
  const multipleChoice = Boolean(requireConstant('getSurveyResponse', args[2], 'third') ?? false);

  const indexKey = index === 0 ? '$survey_response' : `$survey_response_${index}`;
  const readIndexKey = rawValueReader([indexKey]);
  let readIdKey: (properties: Record<string, unknown>) => unknown;
  if (questionId !== null && questionId !== undefined && questionId !== '' && questionId !== false) {
    readIdKey = rawValueReader([`$survey_response_${String(questionId)}`]);
  } else {
    const readQuestionId = rawValueReader(['$survey_questions', index + 1, 'id']);
    readIdKey = (properties) => {
      const id = readQuestionId(properties);
      if (typeof id !== 'string' || id === '') return undefined;
      const key = `$survey_response_${id}`;
      return Object.hasOwn(properties, key) ? properties[key] : undefined;
    };
  }

  if (multipleChoice) {
    return compiled((row: HogQLEvent) => {
      const byId = rawArrayElements(readIdKey(row.properties));
      if (byId !== null && byId.length > 0) return byId;
      return rawArrayElements(readIndexKey(row.properties)) ?? [];
    }, arrayOf(TYPES.string));
  }
  return compiled(
    (row: HogQLEvent) => surveyText(readIdKey(row.properties)) ?? surveyText(readIndexKey(row.properties)),
    withNullable(TYPES.string, true),
  );
}

function has(args: readonly Compiled[]): Compiled {
  const [array, needle] = [args[0]!, args[1]!];
  if (array.isConst && array.value === null) return constantOf(false, TYPES.condition);
  if (array.type.kind !== 'array') throw new HogQLError(`Illegal type ${array.type.ch} of first argument of function has, expected Array`);
  const readNeedle = needle.fn;
  if (array.isConst) {
    const items = array.value as unknown[];
    const test = membershipTester(items, needle.type);
    const containsNull = items.includes(null);
    return compiled((input) => {
      const value = readNeedle(input);
      return value === null ? containsNull : test(value);
    }, TYPES.condition);
  }
  const readArray = array.fn;
  return compiled((input) => {
    const list = readArray(input) as unknown[] | null;
    if (list === null) return false;
    const value = readNeedle(input);
    return list.some((item) => item === value || (item !== null && value !== null && compareValues(item, value) === 0));
  }, TYPES.condition);
}

function coalesce(args: readonly Compiled[]): Compiled {
  const readers = args.map((arg) => arg.fn);
  const type = unifyTypes(args.map((arg) => arg.type));
  const nullable = args.every((arg) => maybeNull(arg.type));
  return compiled((input) => {
    for (const read of readers) {
      const value = read(input);
      if (value !== null) return value;
    }
    return null;
  }, type.kind === 'dynamic' ? type : withNullable(type, nullable));
}

function ifNull(args: readonly Compiled[]): Compiled {
  const [value, fallback] = [args[0]!.fn, args[1]!.fn];
  const type = unifyTypes([withNullable(args[0]!.type, false), args[1]!.type]);
  return compiled((input) => {
    const v = value(input);
    return v === null ? fallback(input) : v;
  }, type);
}

function ifFn(args: readonly Compiled[]): Compiled {
  const condition = conditionReader(args[0]!);
  const [then, otherwise] = [args[1]!.fn, args[2]!.fn];
  return compiled((input) => (condition(input) === true ? then(input) : otherwise(input)), unifyTypes([args[1]!.type, args[2]!.type]));
}

function stringTransform(transform: (text: string) => string): (args: readonly Compiled[]) => Compiled {
  return (args) => {
    const type = args[0]!.type;
    return unary(args[0]!, TYPES.string, (value) => transform(typeof value === 'string' ? value : valueToString(value, type)!));
  };
}

function length(args: readonly Compiled[]): Compiled {
  const type = args[0]!.type;
  // ClickHouse's length() counts bytes of a String, elements of an Array.
  return unary(args[0]!, TYPES.uint64, (value) =>
    Array.isArray(value) ? value.length : Buffer.byteLength(typeof value === 'string' ? value : valueToString(value, type)!, 'utf8'),
  );
}

function concat(args: readonly Compiled[]): Compiled {
  // HogQL prints concat arguments as ifNull(toString(x), ''), so NULL contributes nothing.
  const parts = args.map((arg) => {
    const read = arg.fn;
    const type = arg.type;
    return (input: unknown): string => {
      const value = read(input);
      return value === null ? '' : typeof value === 'string' ? value : valueToString(value, type)!;
    };
  });
  return compiled((input) => parts.map((part) => part(input)).join(''), TYPES.string);
}

function toInt(args: readonly Compiled[]): Compiled {
  const arg = args[0]!;
  const fromDateTime = arg.type.kind === 'datetime';
  return unary(arg, withNullable(TYPES.int64, true), (value) => {
    if (fromDateTime) return Math.floor((value as number) / 1000);
    if (typeof value === 'string') return /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : null;
    const n = toNumberOrNull(value);
    return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
  });
}

function toFloat(args: readonly Compiled[]): Compiled {
  return unary(args[0]!, withNullable(TYPES.float64, true), (value) => {
    if (typeof value === 'string') {
      const n = numericValue(value);
      return Number.isNaN(n) ? null : n;
    }
    return toNumberOrNull(value);
  });
}

function toInterval(unit: IntervalUnit): ScalarFunction {
  return {
    minArgs: 1,
    maxArgs: 1,
    build(args) {
      const arg = args[0]!;
      if (arg.type.kind !== 'int' && arg.type.kind !== 'float' && arg.type.kind !== 'dynamic') {
        throw new HogQLError(`Illegal type ${arg.type.ch} of argument of function toInterval${unit}`);
      }
      return unary(arg, intervalOf(unit), (value) => toNumberOrNull(value));
    },
  };
}

function nullTest(isNull: boolean): ScalarFunction {
  return {
    minArgs: 1,
    maxArgs: 1,
    build(args) {
      const read: RowFn = args[0]!.fn;
      return compiled(isNull ? (input) => read(input) === null : (input) => read(input) !== null, TYPES.condition);
    },
  };
}

const fixed = (minArgs: number, maxArgs: number, build: (args: readonly Compiled[], context: CompileContext) => Compiled): ScalarFunction => ({
  minArgs,
  maxArgs,
  build,
});

export const SCALAR_FUNCTIONS: ReadonlyMap<string, ScalarFunction> = new Map<string, ScalarFunction>([
  ['has', fixed(2, 2, has)],
  ['toUnixTimestamp64Milli', fixed(1, 1, toUnixTimestamp64Milli)],
  ['toString', fixed(1, 1, toStringFn)],
  ['toDateTime', fixed(1, 2, toDateTime)],
  ['now', fixed(0, 0, (_args, context) => constantOf(context.now, TYPES.dateTime64))],
  ['coalesce', fixed(1, Infinity, coalesce)],
  ['getSurveyResponse', { minArgs: 1, maxArgs: 3, readsRow: true, build: getSurveyResponse }],
  ['isNull', nullTest(true)],
  ['isNotNull', nullTest(false)],
  ['ifNull', fixed(2, 2, ifNull)],
  ['if', fixed(3, 3, ifFn)],
  ['lower', fixed(1, 1, stringTransform((text) => text.toLowerCase()))],
  ['upper', fixed(1, 1, stringTransform((text) => text.toUpperCase()))],
  ['length', fixed(1, 1, length)],
  ['concat', fixed(2, Infinity, concat)],
  ['toInt', fixed(1, 1, toInt)],
  ['toFloat', fixed(1, 1, toFloat)],
  ['toIntervalSecond', toInterval('second')],
  ['toIntervalMinute', toInterval('minute')],
  ['toIntervalHour', toInterval('hour')],
  ['toIntervalDay', toInterval('day')],
  ['toIntervalWeek', toInterval('week')],
  ['toIntervalMonth', toInterval('month')],
  ['toIntervalQuarter', toInterval('quarter')],
  ['toIntervalYear', toInterval('year')],
]);
