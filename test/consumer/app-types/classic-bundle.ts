// The classic script bundle: it defines the elements and exports nothing to a module.
import 'nid-journeys/nid-journeys.js';

// An untyped module would be an implicit `any` here (an error under strict).
export type ClassicBundle = typeof import('nid-journeys/nid-journeys.js');
// @ts-expect-error it exports no class
export type NoExport = import('nid-journeys/nid-journeys.js').NidRegister;

// Each journey's own script bundle: typed the same way (it defines its element, exports nothing to a module).
import 'nid-journeys/nid-register.js';
import 'nid-journeys/nid-activate.js';
import 'nid-journeys/nid-forgot-password.js';
import 'nid-journeys/nid-invite-form.js';
export type JourneyBundle = typeof import('nid-journeys/nid-register.js');
// @ts-expect-error it exports no class
export type NoJourneyExport = import('nid-journeys/nid-register.js').NidRegister;
