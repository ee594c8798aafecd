import * as path from 'node:path';
import type { KataDefinition } from '../../kata';
import { interview } from './interview';
import { manifest } from './manifest';

export const kata: KataDefinition = {
  manifest,
  solutionDir: path.resolve(__dirname, '../../../solutions/gpt-kv'),
  exerciseDir: path.resolve(__dirname, '../../../exercises/gpt-kv'),
  checksModule: path.join(__dirname, 'checks', 'index.ts'),
  interview,
};
