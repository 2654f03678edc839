#!/usr/bin/env node
// Runs in: plain Node (npm test, before the tests). Keeps the layout honest: what each folder may import (other
// folders and packages, static imports, `import type` and `import()` alike) and no import cycles, neither between
// files nor between the folders that name a layer or a feature. The rules are the README's "How the code is laid out".
//
// ESLint's no-restricted-imports gives the editor-time half of this (packages per folder); this script adds what a
// lint rule cannot see: relative imports across layers, dynamic imports, type-only imports and cycles. Imports are
// read with TypeScript's own scanner (ts.preProcessFile), from .ts files and the <script> blocks of .svelte files.
// (dependency-cruiser was tried first; it extracts nothing from Svelte 5 components.)
import ts from 'typescript';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_ROOTS = ['main', 'shared', 'renderer'];
const SKIP = [/^main\/trainer\/fused\/assembly\//];
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * Each layer: the folders (path prefixes) it may import from, and packages it must not import. The first matching
 * layer (longest prefix) applies. `anyLocal` layers may import any folder.
 */
const LAYERS = [
  { name: 'shared', prefix: 'shared/', mayImport: ['shared/'], noPackages: ['electron', '@tensorflow/', 'better-sqlite3', 'ws', 'node:'] },
  { name: 'renderer', prefix: 'renderer/', mayImport: ['renderer/', 'shared/'], noPackages: ['electron', '@tensorflow/', 'better-sqlite3', 'ws', 'node:'] },
  { name: 'core', prefix: 'main/core/', mayImport: ['main/core/', 'shared/'], noPackages: ['electron', '@tensorflow/', 'better-sqlite3', 'ws'] },
  { name: 'trainer', prefix: 'main/trainer/', mayImport: ['main/trainer/', 'main/core/', 'shared/'], noPackages: ['electron', 'better-sqlite3', 'ws'] },
  { name: 'backend', prefix: 'main/backend/', mayImport: ['main/backend/', 'main/core/', 'shared/', 'package.json'], noPackages: ['electron', '@tensorflow/', 'ws'] },
  { name: 'hosts/electron', prefix: 'main/hosts/electron/', mayImport: ['main/hosts/electron/', 'main/backend/', 'main/core/', 'shared/'], noPackages: ['@tensorflow/'] },
  { name: 'hosts/web', prefix: 'main/hosts/web/', mayImport: ['main/hosts/web/', 'main/backend/', 'main/core/', 'shared/'], noPackages: ['electron', '@tensorflow/'] },
  { name: 'hosts/cli', prefix: 'main/hosts/cli/', mayImport: ['main/hosts/cli/', 'main/backend/', 'main/core/', 'shared/'], noPackages: ['electron', '@tensorflow/'] },
  // Benchmarks measure every layer from one process; they only keep away from Electron.
  { name: 'bench', prefix: 'main/bench/', mayImport: ['main/', 'shared/'], noPackages: ['electron'] },
];

/** Folders whose imports between each other must not go round in a circle (each entry: how deep a folder is named). */
const FOLDER_GRAPHS = [
  { name: 'main layers', under: 'main/', depth: 1 },
  { name: 'main/hosts', under: 'main/hosts/', depth: 1 },
  { name: 'backend features', under: 'main/backend/', depth: 1 },
  { name: 'core parts', under: 'main/core/', depth: 1 },
  { name: 'shared parts', under: 'shared/', depth: 1 },
  { name: 'renderer features', under: 'renderer/', depth: 1 },
];

function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(join(ROOT, dir))) {
    const path = `${dir}/${entry}`;
    if (SKIP.some((re) => re.test(`${path}/`))) continue;
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...listFiles(path));
    else if (/\.(ts|svelte)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The code TypeScript should scan: a .svelte file's <script> blocks, a .ts file whole. */
function scriptOf(file) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  if (!file.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

function resolveLocal(fromFile, spec) {
  const base = join(dirname(fromFile), spec.split('?')[0]);
  for (const candidate of [base, `${base}.ts`, `${base}.svelte`, `${base}/index.ts`]) {
    const abs = join(ROOT, candidate);
    if (existsSync(abs) && statSync(abs).isFile()) return relative(ROOT, abs).split('\\').join('/');
  }
  return null;
}

const packageOf = (spec) => (NODE_BUILTINS.has(spec) ? (spec.startsWith('node:') ? spec : `node:${spec}`) : spec);

function check() {
  const files = SOURCE_ROOTS.flatMap((dir) => listFiles(dir));
  const graph = new Map();
  const problems = [];
  for (const file of files) {
    const layer = LAYERS.filter((l) => file.startsWith(l.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
    const { importedFiles } = ts.preProcessFile(scriptOf(file), true, true);
    const edges = [];
    for (const { fileName: spec } of importedFiles) {
      if (spec.startsWith('.')) {
        const target = resolveLocal(file, spec);
        if (!target) {
          if (!/\.(wasm|css)(\?|$)/.test(spec)) problems.push(`${file}: cannot resolve '${spec}'`);
          continue;
        }
        edges.push(target);
        if (layer && !layer.mayImport.some((prefix) => target.startsWith(prefix))) {
          problems.push(`${file} (${layer.name}) may not import ${target}: ${layer.name} imports only ${layer.mayImport.join(', ')}`);
        }
      } else if (layer) {
        const pkg = packageOf(spec);
        const banned = layer.noPackages.find((p) => pkg === p || pkg.startsWith(p.endsWith('/') || p.endsWith(':') ? p : `${p}/`));
        if (banned) problems.push(`${file} (${layer.name}) may not import '${spec}'`);
      }
    }
    graph.set(file, edges);
  }
  for (const cycle of cyclesOf(graph)) problems.push(`import cycle between files: ${cycle.join(' -> ')}`);
  for (const { name, under, depth } of FOLDER_GRAPHS) {
    const folderOf = (file) => (file.startsWith(under) ? file.slice(under.length).split('/').slice(0, depth) : null);
    const folders = new Map();
    for (const [file, edges] of graph) {
      const from = folderOf(file);
      if (!from || from.length < depth || file.slice(under.length).split('/').length <= depth) continue;
      const key = from.join('/');
      if (!folders.has(key)) folders.set(key, new Set());
      for (const target of edges) {
        const to = folderOf(target);
        if (!to || target.slice(under.length).split('/').length <= depth) continue;
        if (to.join('/') !== key) folders.get(key).add(to.join('/'));
      }
    }
    const folderGraph = new Map([...folders].map(([k, v]) => [k, [...v]]));
    for (const cycle of cyclesOf(folderGraph)) problems.push(`import cycle between ${name} (${under}*): ${cycle.join(' -> ')}`);
  }
  return { files: files.length, problems };
}

/** Every strongly connected component of more than one node (or a node importing itself), as a readable path. */
function cyclesOf(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (node) => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), indices.get(next)));
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(pathThrough(graph, new Set(component)));
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

/** One concrete loop inside a strongly connected component, for the message. */
function pathThrough(graph, component) {
  const start = [...component].sort()[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [...component];
}

const { files, problems } = check();
if (problems.length > 0) {
  console.error(`check-layers: ${problems.length} problem(s) in ${files} files:`);
  for (const problem of problems) console.error(`  ${problem}`);
  console.error('See "How the code is laid out" in the README for what each folder may import.');
  process.exit(1);
}
console.log(`check-layers: ${files} files, imports follow the layers, no cycles.`);
