#!/usr/bin/env node
// CommonJS shim: loads the TypeScript CLI through tsx so no build step is needed.

require('tsx/cjs/api').register();
require('../cli/main.ts').main();
