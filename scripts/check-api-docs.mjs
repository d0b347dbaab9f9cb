// The API reference's check, run by `npm test`: TypeDoc alone can require a doc comment but not
// an example, so this runs TypeDoc's conversion as `npm run docs` does (typedoc.json: every
// export and method documented, no broken {@link}), with warnings as errors, and then asks each
// exported name of each entry, and each entry, for a doc comment with an `@example` block.
// Nothing is written. Exit 1, with the names, when something is missing.
//
//   node scripts/check-api-docs.mjs
import './typedoc-typescript.mjs';

// Imported only now, after the hook above is registered: TypeDoc needs TypeScript 5.9.
const { Application, PackageJsonReader, ReflectionKind, TSConfigReader, TypeDocReader } = await import('typedoc');

const app = await Application.bootstrapWithPlugins({ treatWarningsAsErrors: true }, [
  new TypeDocReader(),
  new PackageJsonReader(),
  new TSConfigReader()
]);
const project = await app.convert();
if (!project) {
  console.error('check-api-docs: TypeDoc could not convert the entries (see above)');
  process.exit(1);
}
app.validate(project);
const failed = app.logger.hasErrors() || app.logger.hasWarnings();

/** The comment a reader sees for a reflection: a function's is on its signature. */
function commentOf(reflection) {
  if (reflection.comment) return reflection.comment;
  const signature = (reflection.signatures || []).find((s) => s.comment);
  return signature ? signature.comment : undefined;
}

/** What `reflection` lacks: 'a doc comment', 'an @example', or nothing. */
function lack(reflection) {
  const comment = commentOf(reflection);
  if (!comment || !comment.summary.some((part) => part.text.trim() !== '')) return 'a doc comment';
  if (!comment.blockTags.some((tag) => tag.tag === '@example')) return 'an @example';
  return undefined;
}

const missing = [];
for (const entry of project.children || []) {
  const entryLack = lack(entry);
  if (entryLack) missing.push(`${entry.name} (the entry) lacks ${entryLack}`);
  for (const child of entry.children || []) {
    // A name re-exported under another name, or from another entry, is checked where it is declared.
    if (child.kindOf(ReflectionKind.Reference)) continue;
    const childLack = lack(child);
    if (childLack) missing.push(`${entry.name}: ${child.name} lacks ${childLack}`);
  }
}

if (missing.length) {
  console.error(`check-api-docs: ${missing.length} exported name(s) need a doc comment with an @example:`);
  for (const line of missing) console.error(`  ${line}`);
}
if (failed) console.error('check-api-docs: TypeDoc reported problems (above); warnings count as errors here');
if (missing.length || failed) process.exit(1);
console.log(
  `check-api-docs: ${(project.children || []).length} entries, every exported name documented with an example`
);
