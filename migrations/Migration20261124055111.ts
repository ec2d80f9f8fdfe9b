import { Migration } from '@mikro-orm/migrations';

export class Migration20261124055111 extends Migration {

  override name = 'Migration20261124055111';

  override up(): void | Promise<void> {
    this.addSql(`create type "workspace_role" as enum ('admin', 'member');`);
    this.addSql(`create table "audit_log" ("id" bigserial primary key, "workspace_id" uuid null, "actor_id" uuid null, "action" varchar(100) not null, "target_type" varchar(100) not null, "target_id" varchar(200) null, "details" jsonb not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "audit_log_workspace_id_id_index" on "audit_log" ("workspace_id", "id");`);

    this.addSql(`create table "users" ("id" uuid not null, "email" varchar(320) not null, "name" varchar(200) null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`create table "workspaces" ("id" uuid not null, "name" varchar(200) not null, "created_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "projects" ("id" uuid not null, "workspace_id" uuid not null, "name" varchar(200) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "projects_workspace_id_index" on "projects" ("workspace_id");`);

    this.addSql(`create table "workspace_members" ("id" uuid not null, "workspace_id" uuid not null, "user_id" uuid not null, "role" "workspace_role" not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "workspace_members_user_id_index" on "workspace_members" ("user_id");`);
    this.addSql(`alter table "workspace_members" add constraint "workspace_members_workspace_id_user_id_unique" unique ("workspace_id", "user_id");`);

    this.addSql(`alter table "projects" add constraint "projects_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on delete cascade;`);

    this.addSql(`alter table "workspace_members" add constraint "workspace_members_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on delete cascade;`);
    this.addSql(`alter table "workspace_members" add constraint "workspace_members_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    // The audit log is append-only: refuse UPDATE and DELETE at the database, not only in code.
    this.addSql(`create function "audit_log_append_only"() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only'; end $$;`);
    this.addSql(`create trigger "audit_log_no_update_delete" before update or delete on "audit_log" for each row execute function "audit_log_append_only"();`);
  }

}
