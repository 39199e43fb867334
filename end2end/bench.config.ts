// Benchmarks driven through Playwright (not part of `scripts/test`): the same server and browser set-up
// as the journeys, tests from ./bench. `npx playwright test --config bench.config.ts` (bench/proctor-cpu).
import base from './playwright.config';

export default { ...base, testDir: './bench', projects: undefined, retries: 0, workers: 1 };
