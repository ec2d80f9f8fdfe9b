import type { HogQLEvent } from '../hogql/hogql-event.js';
import { Prng } from '../core/prng.js';
import type { SurveyQuestion, SurveyRecord } from '../state/simulator.models.js';
import type { VisitorPool } from './product-events.seed.js';
import { DAY_MS } from './seed.constants.js';

const OPEN_ANSWERS = [
  'More integrations',
  'Faster dashboards please',
  'The export is confusing',
  'Love it!',
  'Pricing is unclear',
  'Dark mode would be nice',
  'Search could be better',
  'Onboarding took too long',
];

/**
 * How a response's answers are keyed. posthog-js changed over time, and readers must cope with all of them
 * (reference §6): `id` = `$survey_response_<question_id>` only (current SDK), `both` = id keys plus the legacy index
 * keys, `legacy` = index keys only (`$survey_response`, `$survey_response_1`, …) and no submission id.
 */
type KeyStyle = 'id' | 'both' | 'legacy';

export interface SurveyResponsesOptions {
  projectId: number;
  now: number;
  seed: string;
  visitors: VisitorPool;
}

/**
 * `survey shown`, `survey sent` (complete and partial) and `survey dismissed` events for each survey, answers spread
 * over the last 30 days (an archived survey only got answers before it ended).
 */
export function generateSurveyResponses(surveys: readonly SurveyRecord[], options: SurveyResponsesOptions): HogQLEvent[] {
  const events: HogQLEvent[] = [];
  for (const survey of surveys) {
    if (survey.projectId !== options.projectId) continue;
    const prng = new Prng(`${options.seed}:survey:${survey.id}`);
    const windowEnd = survey.end_date ? Math.min(options.now, Date.parse(survey.end_date)) : options.now;
    const windowStart = Math.max(options.now - 30 * DAY_MS, survey.start_date ? Date.parse(survey.start_date) : 0);
    const submissions = survey.archived ? 14 : survey.enable_partial_responses ? 60 : 40;
    for (let n = 0; n < submissions; n++) {
      const visitor = prng.int(0, options.visitors.distinctIds.length - 1);
      const who = { distinct_id: options.visitors.distinctIds[visitor], person_id: options.visitors.personIds[visitor] };
      const sentAt = Math.floor(windowStart + prng.next() * (windowEnd - windowStart - 10 * 60_000));
      const style: KeyStyle = prng.chance(0.2) ? 'legacy' : prng.chance(0.2) ? 'both' : 'id';
      const answers = survey.questions.map((question) => answerFor(question, prng));

      events.push(event(prng, 'survey shown', sentAt - 15_000, who, identity(survey)));
      if (prng.chance(0.12)) {
        events.push(event(prng, 'survey dismissed', sentAt, who, { ...identity(survey), $survey_partially_completed: false, $set: { [`$survey_dismissed/${survey.id}`]: true } }));
        continue;
      }
      const submissionId = style === 'legacy' ? null : prng.uuid();
      if (survey.enable_partial_responses && style !== 'legacy' && prng.chance(0.35)) {
        // A partial answer first; most people finish a few minutes later under the same submission id.
        const partial = answers.map((answer, i) => (i === 0 ? answer : undefined));
        events.push(event(prng, 'survey sent', sentAt, who, sentProperties(survey, partial, style, submissionId, false)));
        if (prng.chance(0.75)) {
          events.push(event(prng, 'survey sent', sentAt + prng.int(30_000, 300_000), who, sentProperties(survey, answers, style, submissionId, true)));
        }
        continue;
      }
      events.push(event(prng, 'survey sent', sentAt, who, sentProperties(survey, answers, style, submissionId, true)));
    }
  }
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

function identity(survey: SurveyRecord): Record<string, unknown> {
  return { $survey_id: survey.id, $survey_name: survey.name };
}

function sentProperties(
  survey: SurveyRecord,
  answers: (string | string[] | undefined)[],
  style: KeyStyle,
  submissionId: string | null,
  completed: boolean,
): Record<string, unknown> {
  const properties: Record<string, unknown> = { ...identity(survey) };
  if (submissionId) properties.$survey_submission_id = submissionId;
  if (style !== 'legacy') properties.$survey_completed = completed;
  properties.$survey_questions = survey.questions.map((question, i) =>
    style === 'legacy' ? { id: question.id, question: question.question } : { id: question.id, question: question.question, response: answers[i] ?? null },
  );
  survey.questions.forEach((question, i) => {
    const answer = answers[i];
    if (answer === undefined) return;
    if (style !== 'legacy') properties[`$survey_response_${question.id}`] = answer;
    if (style !== 'id') properties[i === 0 ? '$survey_response' : `$survey_response_${i}`] = answer;
  });
  if (completed) properties.$set = { [`$survey_responded/${survey.id}`]: true };
  return properties;
}

function answerFor(question: SurveyQuestion, prng: Prng): string | string[] | undefined {
  if (question.optional && prng.chance(0.25)) return undefined;
  switch (question.type) {
    case 'rating':
      return String(prng.int(question.scale === 10 ? 0 : 1, question.scale ?? 5));
    case 'open':
      return prng.pick(OPEN_ANSWERS);
    case 'single_choice':
      return prng.pick(question.choices ?? ['Yes']);
    case 'multiple_choice': {
      const picked = prng.sample(question.choices ?? [], prng.int(1, 3));
      // An open choice ("Other") carries the typed text instead of the label.
      return picked.map((choice) => (choice === 'Other' && question.hasOpenChoice ? 'Zapier integration' : choice));
    }
    case 'link':
      return 'link clicked';
  }
}

function event(prng: Prng, name: string, timestamp: number, who: { distinct_id: string; person_id: string }, properties: Record<string, unknown>): HogQLEvent {
  return { uuid: prng.uuidV7(timestamp), event: name, distinct_id: who.distinct_id, person_id: who.person_id, timestamp, properties };
}
