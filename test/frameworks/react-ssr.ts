/**
 * Runs in Node, as a child process of the test runner
 * (test/helpers/react-plugin.mjs: `node --import tsx react-ssr.ts '<request>'`
 * prints the HTML): renders a `nid-journeys/react`
 * component to HTML with react-dom/server, as a server-rendering framework
 * does. Functions cannot travel from the test page, so listener props arrive
 * as names and become no-ops here: on the server they are never called.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import * as components from '../../src/frameworks/react.js';

export interface RenderRequest {
  component: 'NidRegister' | 'NidActivate' | 'NidForgotPassword' | 'NidInviteForm';
  props: Record<string, unknown>;
  /** Listener props to pass (as no-ops). */
  listeners?: string[];
}

export function renderComponent({ component, props, listeners = [] }: RenderRequest): string {
  const noop = () => undefined;
  const all = { ...props, ...Object.fromEntries(listeners.map((name) => [name, noop])) };
  return renderToString(createElement(components[component] as never, all as never));
}

const request = process.argv[2];
if (request !== undefined) process.stdout.write(renderComponent(JSON.parse(request) as RenderRequest));
