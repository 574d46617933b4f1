// The last step of `npm run build`: fails when the built JavaScript uses syntax newer than the
// phones and browsers in package.json's browserslist can run (DESIGN.md §6, issue 16 §3).
//
//   - The phone vote page (dist/vote/index.html and every chunk it loads) must parse as ES2017,
//     module code: WeChat's browser, Android 7 WebView and iOS 12 Safari.
//   - The admin app and the projector may use, beyond ES2017, only the two things Vite's code
//     splitting needs and every browser of the list has (Chrome 63, Safari 11.1): import() and
//     import.meta. They are parsed as ES2020 and every newer construct is reported.
//
// Vite lowers syntax to build.target (vite.config.ts, from the same browserslist); this check
// catches what lowering misses, such as a dependency shipped pre-built with newer syntax.
// APIs are not checked here: tsconfig.vote.json's lib (ES2017) keeps newer built-ins out of the
// vote page's types.
//
// Usage: node scripts/check-syntax.mjs [dist]   (exit status 1 on a finding)

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';

const dist = resolve(process.argv[2] || join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'));

/** The JS files the vote page loads: its script and modulepreloads, then their static imports. */
function voteFiles() {
  const html = readFileSync(join(dist, 'vote', 'index.html'), 'utf8');
  const pending = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => join(dist, m[1]));
  const seen = new Set();
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const ast = parse(readFileSync(file, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module' });
    for (const node of ast.body) {
      if ((node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.source) {
        pending.push(join(dirname(file), node.source.value));
      }
    }
  }
  return [...seen];
}

/** Constructs newer than ES2017 in an ES2020 tree, but for import() and import.meta. */
function newerThan2017(node, found) {
  switch (node.type) {
    case 'ObjectExpression':
      if (node.properties.some((p) => p.type === 'SpreadElement')) found.push([node, 'object spread (ES2018)']);
      break;
    case 'ObjectPattern':
      if (node.properties.some((p) => p.type === 'RestElement')) found.push([node, 'object rest (ES2018)']);
      break;
    case 'ForOfStatement':
      if (node.await) found.push([node, 'for await (ES2018)']);
      break;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
      if (node.async && node.generator) found.push([node, 'async generator (ES2018)']);
      break;
    case 'CatchClause':
      if (!node.param) found.push([node, 'catch without a binding (ES2019)']);
      break;
    case 'ChainExpression':
      found.push([node, 'optional chaining (ES2020)']);
      break;
    case 'LogicalExpression':
      if (node.operator === '??') found.push([node, 'nullish coalescing (ES2020)']);
      break;
    case 'ExportAllDeclaration':
      if (node.exported) found.push([node, 'export * as (ES2020)']);
      break;
    case 'Literal':
      if (node.bigint) found.push([node, 'BigInt literal (ES2020)']);
      if (node.regex && (/s/.test(node.regex.flags) || /\(\?<[=!]|\(\?<[A-Za-z_$]|\\[pP]\{/.test(node.regex.pattern))) {
        found.push([node, 'regular expression feature of ES2018']);
      }
      break;
    default:
  }
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') newerThan2017(child, found);
    } else if (value && typeof value.type === 'string') {
      newerThan2017(value, found);
    }
  }
}

if (!existsSync(join(dist, 'vote', 'index.html'))) {
  console.error(`check-syntax: no build in ${dist}`);
  process.exit(1);
}
const problems = [];
const vote = new Set(voteFiles());
const all = readdirSync(join(dist, 'assets'))
  .filter((name) => name.endsWith('.js'))
  .map((name) => join(dist, 'assets', name));
for (const file of all) {
  const source = readFileSync(file, 'utf8');
  const name = relative(dist, file);
  if (vote.has(file)) {
    try {
      parse(source, { ecmaVersion: 2017, sourceType: 'module' });
    } catch (error) {
      const at = error.pos ?? 0;
      problems.push(`${name}:${error.loc?.line}:${error.loc?.column}: not ES2017 (vote page): ${error.message}: …${source.slice(Math.max(0, at - 40), at + 40)}…`);
    }
    continue;
  }
  let ast;
  try {
    ast = parse(source, { ecmaVersion: 2020, sourceType: 'module', locations: true });
  } catch (error) {
    problems.push(`${name}:${error.loc?.line}:${error.loc?.column}: not ES2020: ${error.message}`);
    continue;
  }
  const found = [];
  newerThan2017(ast, found);
  for (const [node, what] of found) problems.push(`${name}:${node.loc.start.line}:${node.loc.start.column}: ${what}: …${source.slice(node.start, node.start + 60)}…`);
}
if (problems.length > 0) {
  console.error(`check-syntax: ${problems.length} construct(s) newer than the browsers in package.json's browserslist:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`check-syntax: ${vote.size} vote page files are ES2017; ${all.length - vote.size} other files are ES2017 with import() and import.meta`);
