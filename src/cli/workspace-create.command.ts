import { CreateRequestContext } from '@mikro-orm/decorators/legacy';
import { MikroORM } from '@mikro-orm/postgresql';
import { Command, CommandRunner, Option } from 'nest-commander';
import { TokenService } from '../common/auth/token.service.js';
import { AppError } from '../common/errors/app-error.js';
import { WorkspacesService } from '../modules/workspaces/workspaces.service.js';
import { CliOutput } from './cli-output.js';

interface Options {
  name?: string;
  adminEmail?: string;
  json?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@Command({ name: 'workspace:create', description: 'Create a workspace, its first admin and a default project; print an access token' })
export class WorkspaceCreateCommand extends CommandRunner {
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
    const name = options.name?.trim();
    if (!name) throw new AppError('bad_request', 'validation_failed', '--name is required');
    if (!options.adminEmail || !EMAIL.test(options.adminEmail)) {
      throw new AppError('bad_request', 'validation_failed', '--admin-email must be an email address');
    }
    const { workspace, admin, project } = await this.workspaces.createWorkspace({ name, adminEmail: options.adminEmail });
    const token = await this.tokens.issue(admin.id);
    if (options.json) {
      this.out.json({ workspaceId: workspace.id, userId: admin.id, projectId: project.id, token });
      return;
    }
    this.out.result(
      [`Workspace "${workspace.name}" created`, `  workspaceId: ${workspace.id}`, `  admin:       ${admin.email} (${admin.id})`, `  projectId:   ${project.id}`, `  token:       ${token}`].join('\n'),
    );
  }

  @Option({ flags: '--name <name>', description: 'Workspace name' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--admin-email <email>', description: 'Email of the first admin (created if new)' })
  parseAdminEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'Print only {"workspaceId","userId","projectId","token"}' })
  parseJson(): boolean {
    return true;
  }
}
