import { Module } from '@nestjs/common';
import { PostHogCredentials } from './posthog-credentials.service.js';
import { PostHogClient } from './posthog.client.js';
import { PostHogProvider } from './posthog.provider.js';

@Module({ providers: [PostHogClient, PostHogCredentials, PostHogProvider], exports: [PostHogProvider] })
export class PostHogModule {}
