// The classic script bundle: it defines the elements and exports nothing to a module.
import 'nid-journeys/nid-journeys.js';

// An untyped module would be an implicit `any` here (an error under strict).
export type ClassicBundle = typeof import('nid-journeys/nid-journeys.js');
// @ts-expect-error it exports no class
export type NoExport = import('nid-journeys/nid-journeys.js').NidRegister;
