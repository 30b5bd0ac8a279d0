/**
 * The corpus: real configs with what Supervisor 4.2.5 made of them, in a strict and a
 * permissive world. CORPUS_DIR selects another folder of the same layout.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, normalizeConfig, type NormalizedJson } from '../../src/config/index.ts';
import { ROOT } from '../helpers/cli.ts';
import { jsonWorld, readWorldJson, type WorldKind } from './world-json.ts';

const corpusDir = process.env['CORPUS_DIR'] ?? join(ROOT, '..', 'shared', 'corpus');

interface Expected {
  mode: 'main' | 'include';
  strict: NormalizedJson;
  permissive: NormalizedJson;
}

function readThrough(configText: string, mode: Expected['mode'], kind: WorldKind): NormalizedJson {
  const desc = readWorldJson(corpusDir);
  const files = new Map<string, string>();
  if (mode === 'main') files.set(desc.main_config_path, configText);
  else {
    files.set(desc.main_config_path, desc.include_wrapper_text);
    files.set(desc.include_snippet_path, configText);
  }
  try {
    return normalizeConfig(loadConfig(desc.main_config_path, { world: jsonWorld(desc, kind, files) }));
  } catch (err) {
    if (err instanceof ConfigError) return { error: err.message };
    throw err;
  }
}

const skip = existsSync(join(corpusDir, 'expected')) ? false : `no corpus at ${corpusDir} (set CORPUS_DIR)`;

describe(`config corpus (${corpusDir})`, { skip }, () => {
  const names = skip ? [] : readdirSync(join(corpusDir, 'expected')).filter((f) => f.endsWith('.json')).sort();
  for (const name of names) {
    const id = name.replace(/\.json$/, '');
    const expected = JSON.parse(readFileSync(join(corpusDir, 'expected', name), 'utf8')) as Expected;
    const text = readFileSync(join(corpusDir, 'configs', `${id}.conf`), 'utf8');
    for (const kind of ['strict', 'permissive'] as const) {
      it(`${id} ${expected.mode} ${kind}`, () => {
        assert.deepStrictEqual(readThrough(text, expected.mode, kind), expected[kind]);
      });
    }
  }
});
