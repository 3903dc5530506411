/**
 * The custom elements manifest as the docs pages show it. The analyzer lists
 * every class member, private state and protected helpers included; a reader
 * of the docs needs the public API: attributes (each naming its property),
 * the properties that have no attribute, events, slots, CSS parts and CSS
 * custom properties.
 */
interface Attribute {
  name: string;
  fieldName?: string;
  description?: string;
}

interface Member {
  kind: string;
  name: string;
  privacy?: string;
  static?: boolean;
  readonly?: boolean;
  attribute?: string;
}

interface Declaration {
  tagName?: string;
  attributes?: Attribute[];
  members?: Member[];
}

export interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

const isPublicProperty = (member: Member) =>
  member.kind === 'field' && (member.privacy ?? 'public') === 'public' && !member.static && !member.name.startsWith('#');

function tidy(declaration: Declaration): Declaration {
  if (!declaration.tagName) return declaration;
  return {
    ...declaration,
    attributes: declaration.attributes?.map((attribute) =>
      attribute.fieldName && attribute.fieldName !== attribute.name
        ? { ...attribute, description: `${attribute.description ?? ''}\n\nProperty: \`${attribute.fieldName}\`.`.trim() }
        : attribute,
    ),
    // A property with an attribute is documented once, under its attribute.
    members: declaration.members?.filter((member) => isPublicProperty(member) && !member.attribute),
  };
}

export function forDocs(manifest: Manifest): Manifest {
  return { ...manifest, modules: manifest.modules.map((module) => ({ ...module, declarations: module.declarations?.map(tidy) })) };
}
