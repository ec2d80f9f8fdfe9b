import type { SurfaceReadiness } from './surface-readiness.js';

/** One credential the admin types into the connect form, declared as data so the core can validate it generically. */
export interface CredentialField {
  key: string;
  label: string;
  type: 'string' | 'url' | 'integer';
  required: boolean;
  /** Secret fields are encrypted at rest and never returned, logged or audited. */
  secret: boolean;
  maxLength?: number;
  description?: string;
  /** Suggested values for the form (e.g. a vendor's regional clouds). */
  presets?: { label: string; value: string }[];
}

/** A per-workspace setting of a connection, declared as data (e.g. `annotationsEnabled`). */
export interface SettingField {
  key: string;
  label: string;
  type: 'boolean';
  default: boolean;
}

/** A surface a connection can light up (pickers, survey import…), with the permissions it needs. */
export interface SurfaceDefinition {
  key: string;
  label: string;
  requiredScopes: string[];
}

/**
 * What every integration plugin is. The core knows only this and the capability interfaces in
 * provider-capabilities.ts; it asks a provider whether it has a capability rather than knowing who it is.
 */
export interface IntegrationProvider {
  /** Lower-case slug, equal to the plugin folder name. Unique in the registry. */
  readonly key: string;
  readonly displayName: string;
  readonly description: string;
  readonly credentialFields: readonly CredentialField[];
  readonly settingFields: readonly SettingField[];
  readonly surfaces: readonly SurfaceDefinition[];
  /**
   * Readiness of each surface for the permissions a credential was found to hold, or `null` when the external
   * service could not tell (then every surface is `unknown`). Pure: rendering a tile must cost no external call.
   */
  readinessFor(grantedScopes: readonly string[] | null): SurfaceReadiness;
}
