/**
 * Kayenta's query templates: `${name}` placeholders (FreeMarker's syntax,
 * variables only) replaced by the scope's values. An unknown name is an
 * error that names it, never an empty string that would widen a query.
 */
export function expandTemplate(template: string, variables: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{\s*([A-Za-z_][\w.]*)\s*\}/g, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined) {
      throw new Error(
        `template variable \${${name}} has no value (known: ${Object.keys(variables).sort().join(', ')})`,
      );
    }
    return value;
  });
}
