/** Emitted after a connection is stored (first connect, replace or reconnect). */
export class IntegrationConnectedEvent {
  static readonly eventName = 'integration.connected';
  constructor(
    readonly workspaceId: string,
    readonly provider: string,
    readonly integrationId: string,
    /** Set when the external project differs from the one connected before. */
    readonly previousExternalProjectId: string | null,
  ) {}
}
