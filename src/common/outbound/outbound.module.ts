import { Global, Module } from '@nestjs/common';
import { OutboundHttpFactory } from './outbound-http.factory.js';

@Global()
@Module({ providers: [OutboundHttpFactory], exports: [OutboundHttpFactory] })
export class OutboundModule {}
