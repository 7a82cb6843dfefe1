import { readdirSync, readFileSync } from 'node:fs';
import { ScenarioSchema, type LocalizedText, type Scenario } from '@mirsad/shared';
import type { z } from 'zod';

/**
 * The folder of exercise scenario files, `mock-data/scenarios/`. Resolved against this module,
 * which sits one folder below the package in both `src/` (tests) and `dist/` (the server).
 */
export const SCENARIOS_DIR = new URL('../scenarios/', import.meta.url);

/** A scenario id is also its file name; this keeps ids from naming files outside the folder. */
const SCENARIO_ID = /^[a-z0-9][a-z0-9-]*$/;

/** What the trainer's console lists to choose from. */
export interface ScenarioSummary {
  id: string;
  kind: Scenario['kind'];
  name: LocalizedText;
  durationMin: number;
}

/** A zod issue path as a scenario author reads it: `injects[12].category`. */
function placeOf(path: readonly PropertyKey[]): string {
  const place = path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
  return place === '' ? '(whole file)' : place;
}

/**
 * Validates a parsed scenario file against `ScenarioSchema`. The error names the file and every
 * problem with its place: `heavy-rain-capital.json: injects[12].category: not a category of
 * traffic; expectations[3].target: no incident inject x`. zod runs the schema's cross-checks
 * (ids, targets, categories, times) only once the file's shape is valid, so a file with shape
 * errors lists those first and its cross-reference problems on the next run.
 */
export function parseScenario(raw: unknown, fileName: string): Scenario {
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${fileName}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${placeOf(issue.path)}: ${issue.message}`).join('; ');
}

/** Parses the text of a scenario file as JSON, then validates it; both errors name the file. */
export function parseScenarioText(text: string, fileName: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${fileName} is not valid JSON: ${reason}`, { cause: error });
  }
  return parseScenario(raw, fileName);
}

function scenarioFileNames(directory: URL): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** Reads the text of each CAP inject's file (`cap/<file>` beside the scenario) into its `xml`. */
function withCapTexts(scenario: Scenario, fileName: string, directory: URL): Scenario {
  return {
    ...scenario,
    injects: scenario.injects.map((inject) => {
      if (inject.kind !== 'cap') return inject;
      try {
        return { ...inject, xml: readFileSync(new URL(`cap/${inject.file}`, directory), 'utf8') };
      } catch (error) {
        throw new Error(`${fileName}: injects ${inject.id}: no CAP file cap/${inject.file}`, {
          cause: error,
        });
      }
    }),
  };
}

function readScenarioFile(fileName: string, directory: URL): Scenario {
  const scenario = parseScenarioText(readFileSync(new URL(fileName, directory), 'utf8'), fileName);
  const expected = fileName.slice(0, -'.json'.length);
  // Exercises store the scenario id and load it again by that id after a restart.
  if (scenario.id !== expected) {
    throw new Error(
      `${fileName}: id: "${scenario.id}" differs from the file name; it should be "${expected}"`,
    );
  }
  return withCapTexts(scenario, fileName, directory);
}

/**
 * The scenario of that id, read from `<id>.json` in the scenarios folder and validated.
 * `directory` is a file URL ending in `/`; tests pass a folder of their own.
 */
export function loadScenario(id: string, directory: URL = SCENARIOS_DIR): Scenario {
  if (!SCENARIO_ID.test(id) || !scenarioFileNames(directory).includes(`${id}.json`)) {
    throw new Error(`no scenario ${JSON.stringify(id)}`);
  }
  return readScenarioFile(`${id}.json`, directory);
}

/** Every scenario of the folder, by id, validated; one bad file fails the whole list, naming it. */
export function listScenarios(directory: URL = SCENARIOS_DIR): ScenarioSummary[] {
  return scenarioFileNames(directory).map((fileName) => {
    const { id, kind, name, durationMin } = readScenarioFile(fileName, directory);
    return { id, kind, name, durationMin };
  });
}
