import { CreateRequestContext } from '@mikro-orm/decorators/legacy';
import { MikroORM } from '@mikro-orm/postgresql';
import { Command, CommandRunner, Option } from 'nest-commander';
import { TokenService } from '../common/auth/token.service.js';
import { AppError } from '../common/errors/app-error.js';
import { WorkspacesService } from '../modules/workspaces/workspaces.service.js';
import { CliOutput } from './cli-output.js';

interface Options {
  email?: string;
  json?: boolean;
}

@Command({ name: 'token', description: 'Print a fresh access token for an existing user' })
export class TokenCommand extends CommandRunner {
  constructor(
    readonly orm: MikroORM,
    private readonly workspaces: WorkspacesService,
    private readonly tokens: TokenService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @CreateRequestContext()
  async run(_: string[], options: Options): Promise<void> {
    if (!options.email) throw new AppError('bad_request', 'validation_failed', '--email is required');
    const user = await this.workspaces.findUserByEmail(options.email);
    if (!user) throw new AppError('not_found', 'user_not_found', `No user with email ${options.email.trim().toLowerCase()}`);
    const token = await this.tokens.issue(user.id);
    if (options.json) this.out.json({ userId: user.id, token });
    else this.out.result(token);
  }

  @Option({ flags: '--email <email>', description: 'The user’s email' })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'Print only {"userId","token"}' })
  parseJson(): boolean {
    return true;
  }
}
