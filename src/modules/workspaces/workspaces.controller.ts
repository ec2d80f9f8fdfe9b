import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequireRole, type AuthContext } from '../../common/auth/auth.decorators.js';
import { AddMemberDto } from './dto/add-member.dto.js';
import { ChangeRoleDto } from './dto/change-role.dto.js';
import { MeDto } from './dto/me.dto.js';
import { MemberDto } from './dto/member.dto.js';
import { CreateProjectDto, ProjectDto } from './dto/project.dto.js';
import { WorkspaceDto } from './dto/workspace.dto.js';
import { WorkspacesService } from './workspaces.service.js';

@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('api/v1')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get('me')
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentAuth() auth: AuthContext): Promise<MeDto> {
    const memberships = await this.workspaces.listWorkspacesOf(auth.userId);
    return { userId: auth.userId, workspaces: memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name, role: m.role })) };
  }

  @Get('workspaces/:workspaceId')
  @ApiOkResponse({ type: WorkspaceDto })
  async get(@Param('workspaceId') workspaceId: string): Promise<WorkspaceDto> {
    return WorkspaceDto.from(await this.workspaces.getWorkspace(workspaceId));
  }

  @Get('workspaces/:workspaceId/members')
  @ApiOkResponse({ type: [MemberDto] })
  async members(@Param('workspaceId') workspaceId: string): Promise<MemberDto[]> {
    return (await this.workspaces.listMembers(workspaceId)).map(MemberDto.from);
  }

  @Post('workspaces/:workspaceId/members')
  @RequireRole('admin')
  @ApiCreatedResponse({ type: MemberDto })
  async addMember(@Param('workspaceId') workspaceId: string, @CurrentAuth() auth: AuthContext, @Body() body: AddMemberDto): Promise<MemberDto> {
    return MemberDto.from(await this.workspaces.addMember(workspaceId, auth.userId, body));
  }

  @Patch('workspaces/:workspaceId/members/:userId')
  @RequireRole('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: MemberDto })
  async changeRole(
    @Param('workspaceId') workspaceId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @CurrentAuth() auth: AuthContext,
    @Body() body: ChangeRoleDto,
  ): Promise<MemberDto> {
    const member = await this.workspaces.changeRole(workspaceId, auth.userId, userId, body.role);
    const [withUser] = (await this.workspaces.listMembers(workspaceId)).filter((m) => m.id === member.id);
    return MemberDto.from(withUser!);
  }

  @Get('workspaces/:workspaceId/projects')
  @ApiOkResponse({ type: [ProjectDto] })
  async projects(@Param('workspaceId') workspaceId: string): Promise<ProjectDto[]> {
    return (await this.workspaces.listProjects(workspaceId)).map(ProjectDto.from);
  }

  @Post('workspaces/:workspaceId/projects')
  @RequireRole('admin')
  @ApiCreatedResponse({ type: ProjectDto })
  async createProject(@Param('workspaceId') workspaceId: string, @CurrentAuth() auth: AuthContext, @Body() body: CreateProjectDto): Promise<ProjectDto> {
    return ProjectDto.from(await this.workspaces.createProject(workspaceId, auth.userId, body.name));
  }
}
