/**
 * A real portal (or any standalone one, such as `npm run portal`), described by a LiveConfig.
 */
import { readFileSync } from 'node:fs';
import type { Credentials } from '../client/types';
import { type LiveConfig } from './env';
import type { Target, TargetKind } from './types';
import { ConfigError } from '../errors';

export interface LiveTargetOptions {
  /** Default `live`; the embedded reference portal passes `reference`. */
  kind?: TargetKind;
  /** Runs when the target is closed (the reference target stops its portal here). */
  close?: () => Promise<void>;
}

export function createLiveTarget(config: LiveConfig, options: LiveTargetOptions = {}): Target {
  const participant: Credentials = { role: 'participant', webhookUrl: config.webhookUrl };
  const missing: Record<string, string> = {};
  if (config.oauthToken) {
    participant.oauthToken = config.oauthToken;
    participant.oauthRestUrl = config.oauthRestUrl;
  } else {
    missing.oauth = 'B24_OAUTH_TOKEN';
  }
  const target: Target = {
    kind: options.kind ?? 'live',
    origin: config.origin,
    chatId: config.chatId,
    participant,
    missing,
    close: options.close ?? (async () => undefined),
  };
  if (config.covoterWebhookUrl) target.covoter = { role: 'covoter', webhookUrl: config.covoterWebhookUrl };
  else missing.covoter = 'B24_COVOTER_WEBHOOK_URL';
  if (config.outsiderWebhookUrl) target.outsider = { role: 'outsider', webhookUrl: config.outsiderWebhookUrl };
  else missing.outsider = 'B24_OUTSIDER_WEBHOOK_URL';
  if (config.caFile) target.ca = readCa(config.caFile);
  return target;
}

function readCa(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ConfigError([`B24_CA_FILE names ${path}, which cannot be read${typeof code === 'string' ? ` (${code})` : ''}`]);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError([`B24_CA_FILE names ${path}, which holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`]);
  }
  return pem;
}
