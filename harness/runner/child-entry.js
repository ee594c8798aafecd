'use strict';
// Entry of a sandboxed process: TypeScript and the engine alias first, then the TypeScript main.
// argv[2] is the mode ('check' or 'typecheck'), argv[3] its JSON config.
require('../ts-register.js').registerTypeScript();
require(process.argv[2] === 'typecheck' ? './typecheck-child.ts' : './child.ts');
