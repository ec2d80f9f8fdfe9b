/** Emitted after a connection's secret was dropped. The row and everything mapped to it stay. */
export class IntegrationDisconnectedEvent {
  static readonly eventName = 'integration.disconnected';
  constructor(
    readonly workspaceId: string,
    readonly provider: string,
    readonly integrationId: string,
  ) {}
}
