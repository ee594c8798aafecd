/** Main of the type-check process: strict TypeScript over the workspace files, answered over IPC. */
import * as path from 'node:path';
import ts from 'typescript';
import { ENGINE_PATH, ENGINE_REQUEST, REPO_ROOT } from '../ts-register';
import type { Diagnostic, TypecheckRequest } from './typecheck';

const MAX_DIAGNOSTICS = 50;

const request = JSON.parse(process.argv[3]) as TypecheckRequest;
const options: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
  paths: { [ENGINE_REQUEST]: [ENGINE_PATH] }, // the same engine the checks run against
};

const roots = request.files.map((file) => path.join(request.dir, file));
const program = ts.createProgram(roots, options);
const diagnostics: Diagnostic[] = [];
for (const root of roots) {
  const source = program.getSourceFile(root);
  if (source === undefined) continue; // a missing file is reported by the checks
  for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
    const position = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    diagnostics.push({
      file: path.relative(request.dir, d.file?.fileName ?? root),
      line: position ? position.line + 1 : 0,
      col: position ? position.character + 1 : 0,
      code: d.code,
      message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
    });
  }
}
process.send!(diagnostics.slice(0, MAX_DIAGNOSTICS));
