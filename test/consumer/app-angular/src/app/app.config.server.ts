import { mergeApplicationConfig, type ApplicationConfig } from '@angular/core';
import { provideServerRendering, RenderMode, withRoutes, type ServerRoute } from '@angular/ssr';
import { appConfig } from './app.config';

/** Rendered on the server at each request (not prerendered): server rendering, then hydration. */
const serverRoutes: ServerRoute[] = [{ path: '**', renderMode: RenderMode.Server }];

export const config = mergeApplicationConfig(appConfig, { providers: [provideServerRendering(withRoutes(serverRoutes))] });
