/**
 * DRF reports malformed JSON as "JSON parse error - <Python json message>". Clients sometimes log or match that
 * text, so translate V8's JSON.parse messages into the wording Python's json module would have used.
 */
export function pythonJsonErrorMessage(source: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const positionMatch = /at position (\d+)/.exec(message);
  let position = positionMatch ? Number(positionMatch[1]) : firstNonWhitespace(source);
  let reason = 'Expecting value';
  if (/Unexpected end of JSON input/.test(message)) {
    position = source.length;
  } else if (/Expected property name/.test(message)) {
    reason = 'Expecting property name enclosed in double quotes';
  } else if (/Expected ',' or '[}\]]'/.test(message)) {
    reason = "Expecting ',' delimiter";
  } else if (/Expected ':'/.test(message)) {
    reason = "Expecting ':' delimiter";
  } else if (/Unterminated string/.test(message)) {
    reason = 'Unterminated string starting at';
    position = source.lastIndexOf('"', Math.max(0, position - 1));
  } else if (/non-whitespace character after JSON/.test(message)) {
    reason = 'Extra data';
  }
  const before = source.slice(0, Math.max(0, position));
  const line = before.split('\n').length;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  return `JSON parse error - ${reason}: line ${line} column ${column} (char ${position})`;
}

function firstNonWhitespace(source: string): number {
  const match = /\S/.exec(source);
  return match ? match.index : 0;
}
