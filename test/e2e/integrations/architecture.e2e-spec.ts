import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * Static checks of the architecture the integrations issue asks for. They read the source with node:fs and the
 * TypeScript parser (no app is booted). Each detector is first shown to fire on a sample, so a check that passes
 * is known to be looking.
 */

const ROOT = process.cwd();
const posix = (p: string) => p.split(sep).join('/');
const rel = (abs: string) => posix(relative(ROOT, abs));

function walk(dir: string, keep: (path: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) {
      if (name === 'node_modules') continue;
      out.push(...walk(abs, keep));
    } else if (keep(abs)) out.push(abs);
  }
  return out;
}

const isSource = (p: string) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(p) && !/\.(spec|e2e-spec)\.[cm]?[tj]s$/.test(p);
const parse = (file: string, text = readFileSync(file, 'utf8')) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

function visit(node: ts.Node, fn: (n: ts.Node) => void): void {
  fn(node);
  ts.forEachChild(node, (child) => visit(child, fn));
}

const lineOf = (sf: ts.SourceFile, node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;

// ---------------------------------------------------------------------------------------------------------------
// (a) PostHog mentions

/** "posthog" in any case, and PostHog's key prefixes (personal `phx_`, project `phc_`, secret `phs_`). */
const POSTHOG = /posthog|\bph[xcs]_/i;

function postHogMentions(files: string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    if (POSTHOG.test(rel(file))) hits.push(`${rel(file)}: (file name)`);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (POSTHOG.test(line)) hits.push(`${rel(file)}:${i + 1}: ${line.trim()}`);
      });
  }
  return hits;
}

const withoutLineNumber = (hit: string) => hit.replace(/^([^:]+):\d+: /, '$1: ');

// ---------------------------------------------------------------------------------------------------------------
// (b) Who decrypts

const isSecretBoxType = (type: ts.TypeNode | undefined) => !!type && ts.isTypeReferenceNode(type) && type.typeName.getText() === 'SecretBox';
const isInjectSecretBox = (node: ts.Node) =>
  ts.canHaveDecorators(node) &&
  (ts.getDecorators(node) ?? []).some((d) => ts.isCallExpression(d.expression) && d.expression.expression.getText() === 'Inject' && d.expression.arguments[0]?.getText() === 'SECRET_BOX');
/** `new SecretBox(…)`, or `<container>.get(SECRET_BOX)` / `.resolve(SECRET_BOX)`: expressions that are a SecretBox. */
const isSecretBoxExpression = (e: ts.Expression | undefined): boolean =>
  !!e &&
  ((ts.isNewExpression(e) && e.expression.getText() === 'SecretBox') ||
    (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ['get', 'resolve'].includes(e.expression.name.text) && e.arguments[0]?.getText() === 'SECRET_BOX') ||
    (ts.isAwaitExpression(e) && isSecretBoxExpression(e.expression)) ||
    (ts.isAsExpression(e) && (isSecretBoxType(e.type) || isSecretBoxExpression(e.expression))));

/** Lines that call `open` on a SecretBox: an injected field, a SecretBox-typed name, or a SecretBox expression. */
function secretBoxOpens(file: string, text?: string): string[] {
  const sf = parse(file, text);
  const names = new Set<string>();
  visit(sf, (n) => {
    if ((ts.isParameter(n) || ts.isPropertyDeclaration(n) || ts.isVariableDeclaration(n)) && ts.isIdentifier(n.name)) {
      if (isInjectSecretBox(n) || isSecretBoxType(n.type) || isSecretBoxExpression(n.initializer)) names.add(n.name.text);
    }
  });
  // `secrets`, `this.secrets`, `this.#secrets`, or a SecretBox expression itself.
  const isBox = (e: ts.Expression): boolean =>
    (ts.isIdentifier(e) && names.has(e.text)) ||
    (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword && names.has(e.name.text.replace(/^#/, ''))) ||
    (ts.isParenthesizedExpression(e) && isBox(e.expression)) ||
    (ts.isNonNullExpression(e) && isBox(e.expression)) ||
    isSecretBoxExpression(e);
  const hits: string[] = [];
  visit(sf, (n) => {
    // box.open(…), box?.open(…), box.open.call/bind/apply
    if (ts.isPropertyAccessExpression(n) && n.name.text === 'open' && isBox(n.expression)) hits.push(`${rel(file)}:${lineOf(sf, n)}`);
    // box['open'](…)
    if (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression) && n.argumentExpression.text === 'open' && isBox(n.expression)) hits.push(`${rel(file)}:${lineOf(sf, n)}`);
    // const { open } = box
    if (ts.isVariableDeclaration(n) && ts.isObjectBindingPattern(n.name) && n.initializer && isBox(n.initializer)) {
      if (n.name.elements.some((el) => (el.propertyName ?? el.name).getText() === 'open')) hits.push(`${rel(file)}:${lineOf(sf, n)}`);
    }
  });
  return hits;
}

// ---------------------------------------------------------------------------------------------------------------
// (c) Who reads the environment

const isProcess = (e: ts.Expression, aliases: Set<string>): boolean =>
  (ts.isIdentifier(e) && (e.text === 'process' || aliases.has(e.text))) ||
  (ts.isPropertyAccessExpression(e) && ['globalThis', 'global'].includes(e.expression.getText()) && e.name.text === 'process') ||
  (ts.isParenthesizedExpression(e) && isProcess(e.expression, aliases));

function envReads(file: string, text?: string): string[] {
  const sf = parse(file, text);
  const aliases = new Set<string>();
  const hits: string[] = [];
  const hit = (n: ts.Node) => hits.push(`${rel(file)}:${lineOf(sf, n)}`);
  visit(sf, (n) => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && ['process', 'node:process'].includes(n.moduleSpecifier.text)) {
      const clause = n.importClause;
      if (clause?.name) aliases.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) aliases.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((el) => (el.propertyName ?? el.name).text === 'env')) hit(n);
    }
  });
  visit(sf, (n) => {
    if (ts.isPropertyAccessExpression(n) && n.name.text === 'env' && isProcess(n.expression, aliases)) hit(n);
    if (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression) && n.argumentExpression.text === 'env' && isProcess(n.expression, aliases)) hit(n);
    if (ts.isVariableDeclaration(n) && ts.isObjectBindingPattern(n.name) && n.initializer && isProcess(n.initializer, aliases)) {
      if (n.name.elements.some((el) => (el.propertyName ?? el.name).getText() === 'env')) hit(n);
    }
  });
  return hits;
}

// ---------------------------------------------------------------------------------------------------------------

describe('architecture of the integrations core (static)', () => {
  describe('(a) the core is provider-agnostic: nothing under src/modules/integrations/ outside plugins/ mentions PostHog', () => {
    const integrations = join(ROOT, 'src/modules/integrations');
    const core = walk(integrations, (p) => !rel(p).startsWith('src/modules/integrations/plugins/'));

    it('the detector looks at the whole core, and fires on the PostHog plugin', () => {
      expect(core.length).toBeGreaterThanOrEqual(15);
      for (const part of ['integrations.service.ts', 'integrations.controller.ts', 'key-rotation.service.ts', 'provider/integration-provider.registry.ts', 'entities/integration.entity.ts']) {
        expect(core.map(rel)).toContain(`src/modules/integrations/${part}`);
      }
      expect(core.some((p) => rel(p).includes('/plugins/'))).toBe(false);
      const plugin = walk(join(integrations, 'plugins/posthog'));
      expect(postHogMentions(plugin).length).toBeGreaterThan(10);
      expect(postHogMentions([join(integrations, 'plugins/plugins.ts')]).length).toBeGreaterThan(0);
    });

    it('no file of the core mentions PostHog', () => {
      expect(postHogMentions(core).map(withoutLineNumber)).toEqual([]);
    });

    it('no file of the core imports from plugins/ (the plugin list reaches the core as an argument)', () => {
      const offenders = core.filter(isSource).filter((file) => {
        let bad = false;
        visit(parse(file), (n) => {
          if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier) && /(^|\/)plugins\//.test(n.moduleSpecifier.text)) bad = true;
        });
        return bad;
      });
      expect(offenders.map(rel)).toEqual([]);
    });
  });

  describe('(b) only the PostHog credentials service decrypts: it is the one file in src/ that calls SecretBox.open', () => {
    it('the detector finds opens on injected, typed and constructed boxes, and ignores unrelated open()', () => {
      const sample = `
        import { Inject } from '@nestjs/common';
        import { open } from 'node:fs/promises';
        class A {
          constructor(@Inject(SECRET_BOX) private readonly vault: SecretBox, private readonly fs: FileSystem) {}
          a() { return this.vault.open(x, aad); }                        // line 6: injected field
          b(box: SecretBox) { return box.open(x, aad); }                  // line 7: typed parameter
          c() { return new SecretBox(ring).open(x, aad); }                // line 8: constructed
          d() { const { open: o } = this.vault; return o(x, aad); }       // line 9: destructured
          e() { return this.vault['open'](x, aad); }                      // line 10: element access
          f(app: App) { const s = app.get(SECRET_BOX); return s.open(x); } // line 11: resolved from the container
          g() { return open('file.txt'); }                                 // unrelated
          h() { return this.fs.open('file.txt'); }                         // unrelated
          i(w: Window) { return w.open('https://example.test'); }          // unrelated
          j() { return this.vault.seal(x, aad); }                          // sealing is fine
        }`;
      expect(secretBoxOpens(join(ROOT, 'sample.ts'), sample)).toEqual(['sample.ts:6', 'sample.ts:7', 'sample.ts:8', 'sample.ts:9', 'sample.ts:10', 'sample.ts:11']);
      // And on real code: the test-only provider decrypts too (it lives in test/, not src/).
      expect(secretBoxOpens(join(ROOT, 'test/support/fake-provider.ts')).length).toBe(1);
    });

    it('exactly one file in src/ opens a secret: plugins/posthog/posthog-credentials.service.ts', () => {
      const files = walk(join(ROOT, 'src'), isSource);
      expect(files.length).toBeGreaterThan(50);
      const opens = files.flatMap((f) => secretBoxOpens(f));
      expect([...new Set(opens.map((o) => o.replace(/:\d+$/, '')))]).toEqual(['src/modules/integrations/plugins/posthog/posthog-credentials.service.ts']);
      expect(opens).toHaveLength(1);
    });

    it('the core seals and re-seals but never opens (integrations.service.ts, key-rotation.service.ts hold a SecretBox)', () => {
      for (const file of ['src/modules/integrations/integrations.service.ts', 'src/modules/integrations/key-rotation.service.ts']) {
        const text = readFileSync(join(ROOT, file), 'utf8');
        expect(text).toMatch(/@Inject\(SECRET_BOX\)/);
        expect(secretBoxOpens(join(ROOT, file))).toEqual([]);
      }
    });
  });

  describe('(c) configuration is read in config/ only: no process.env in src/ or libs/*/src', () => {
    it('the detector finds every way of reading the environment, and config/ does read it', () => {
      const sample = `
        import { env } from 'node:process';
        import proc from 'process';
        const a = process.env.PORT;
        const b = process['env'];
        const { env: e2 } = process;
        const c = globalThis.process.env;
        const d = proc.env;
        // process.env in a comment is not a read
        const s = 'process.env in a string is not a read';
        const f = process.environment;
        const g = process.exitCode;`;
      expect(envReads(join(ROOT, 'sample.ts'), sample)).toEqual(['sample.ts:2', 'sample.ts:4', 'sample.ts:5', 'sample.ts:6', 'sample.ts:7', 'sample.ts:8']);
      expect(envReads(join(ROOT, 'config/index.ts')).length).toBeGreaterThan(0);
    });

    it('no source file in src/ or libs/*/src reads process.env', () => {
      const libs = readdirSync(join(ROOT, 'libs')).filter((d) => statSync(join(ROOT, 'libs', d, 'src'), { throwIfNoEntry: false })?.isDirectory());
      expect(libs).toEqual(expect.arrayContaining(['crypto', 'http']));
      const files = [join(ROOT, 'src'), ...libs.map((d) => join(ROOT, 'libs', d, 'src'))].flatMap((dir) => walk(dir, isSource));
      expect(files.length).toBeGreaterThan(80);
      expect(files.flatMap((f) => envReads(f))).toEqual([]);
    });
  });
});
