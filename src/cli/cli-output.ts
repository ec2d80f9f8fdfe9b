import { Injectable } from '@nestjs/common';

/**
 * Human messages go to stderr so that stdout carries only the command's result (with --json, one JSON object
 * that scripts can parse).
 */
@Injectable()
export class CliOutput {
  info(message: string): void {
    process.stderr.write(`${message}\n`);
  }

  result(text: string): void {
    process.stdout.write(`${text}\n`);
  }

  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value)}\n`);
  }
}
