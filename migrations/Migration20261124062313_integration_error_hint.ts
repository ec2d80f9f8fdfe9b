import { Migration } from '@mikro-orm/migrations';

export class Migration20261124062313_integration_error_hint extends Migration {

  override name = 'Migration20261124062313_integration_error_hint';

  override up(): void | Promise<void> {
    this.addSql(`alter table "integrations" add "last_error_hint" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "integrations" drop column "last_error_hint";`);
  }

}
