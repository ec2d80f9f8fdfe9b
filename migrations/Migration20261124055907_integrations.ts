import { Migration } from '@mikro-orm/migrations';

export class Migration20261124055907_integrations extends Migration {

  override name = 'Migration20261124055907_integrations';

  override up(): void | Promise<void> {
    this.addSql(`create type "integration_status" as enum ('connected', 'disconnected', 'error');`);
    this.addSql(`create table "integrations" ("id" uuid not null, "workspace_id" uuid not null, "provider" varchar(40) not null, "status" "integration_status" not null, "host" varchar(255) not null, "external_project_id" varchar(100) not null, "external_project_name" varchar(400) not null, "previous_external_project_id" varchar(100) null, "project_changed_at" timestamptz null, "access_token_ciphertext" text null, "encryption_key_id" varchar(40) null, "granted_scopes" jsonb null, "settings" jsonb not null, "connected_by" uuid null, "connected_at" timestamptz null, "disconnected_at" timestamptz null, "last_validated_at" timestamptz null, "last_error_code" varchar(60) null, "last_error" text null, "last_error_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "integrations" add constraint "integrations_workspace_id_provider_unique" unique ("workspace_id", "provider");`);

    this.addSql(`alter table "integrations" add constraint "integrations_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on delete cascade;`);
    // A live (connected or failing) integration always has its key; only a disconnected one may have none.
    this.addSql(`alter table "integrations" add constraint "integrations_secret_present_check" check ("status" = 'disconnected' or "access_token_ciphertext" is not null);`);

    // The outbound rate budget shared by every replica (libs/http RateBudget, rate-limiter-flexible's layout).
    this.addSql(`create table if not exists "outbound_rate_limits" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "outbound_rate_limits";`);
    this.addSql(`drop table if exists "integrations" cascade;`);

    this.addSql(`drop type "integration_status";`);
  }

}
