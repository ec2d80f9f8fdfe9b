import { AppError } from './app-error.js';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** The one 400 for bad input: every field named in `details`, the messages joined in `message`. */
export function validationFailed(details: FieldProblem[], fallback = 'Invalid request'): AppError {
  const message = details.map((d) => d.problems.join(', ')).join('; ') || fallback;
  return new AppError('bad_request', 'validation_failed', message, { details });
}
