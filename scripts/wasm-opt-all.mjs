// wasm-opt -Oz over every module of the split frontend (scripts/build-frontend), in one Node process:
// binaryen's wasm-opt is itself compiled to JavaScript and takes ~0.7 s to start, which hundreds of chunk
// processes would pay each time. The producers and target-features sections go: nobody reads them and
// every chunk would carry them.
//   node scripts/wasm-opt-all.mjs <dir with .wasm files>
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = process.argv[2];
// binaryen comes from end2end/'s npm packages (scripts/setup), wherever this is run from.
const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const binaryen = (await import(require.resolve('binaryen'))).default;

binaryen.setOptimizeLevel(2); // -Oz: optimise level 2 …
binaryen.setShrinkLevel(2); //   … and shrink level 2
binaryen.setDebugInfo(false);
const F = binaryen.Features;
const features =
  F.MVP | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals | F.ReferenceTypes;

let before = 0;
let after = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.wasm'))) {
  const file = path.join(dir, name);
  const bytes = readFileSync(file);
  const module = binaryen.readBinary(bytes);
  module.setFeatures(features);
  module.runPasses(['strip-producers', 'strip-target-features']);
  module.optimize();
  const out = module.emitBinary();
  module.dispose();
  writeFileSync(file, out);
  before += bytes.length;
  after += out.length;
}
console.log(`wasm-opt -Oz: ${(before / 1e6).toFixed(2)} MB -> ${(after / 1e6).toFixed(2)} MB`);
