import { Global, Module } from '@nestjs/common';
import { MEMBERSHIP_LOOKUP } from '../../common/auth/membership-lookup.js';
import { AuditModule } from '../audit/audit.module.js';
import { MembershipService } from './membership.service.js';
import { WorkspacesController } from './workspaces.controller.js';
import { WorkspacesService } from './workspaces.service.js';

/** Global because the app-wide auth guard needs the membership lookup in every module's context. */
@Global()
@Module({
  imports: [AuditModule],
  controllers: [WorkspacesController],
  providers: [WorkspacesService, MembershipService, { provide: MEMBERSHIP_LOOKUP, useExisting: MembershipService }],
  exports: [WorkspacesService, MEMBERSHIP_LOOKUP],
})
export class WorkspacesModule {}
