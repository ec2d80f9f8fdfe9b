type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** The error `fn` throws, asserted to be an instance of `type` (anything else, or no throw, fails the test). */
export function thrownBy<E extends Error>(type: ErrorClass<E>, fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}

/** The error `promise` rejects with, asserted to be an instance of `type`. */
export async function rejectionOf<E extends Error>(type: ErrorClass<E>, promise: Promise<unknown>): Promise<E> {
  const outcome = await promise.then(
    () => new Error(`expected a ${type.name} rejection, but it resolved`),
    (error: unknown) => error,
  );
  if (outcome instanceof type) return outcome;
  throw outcome;
}
