import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import 'nid-journeys/register';
import type { NidErrorEvent, NidSuccessEvent } from 'nid-journeys/elements';
import { baseDomain } from './service';

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <nid-register
      [baseDomain]="baseDomain"
      [clientId]="clientId"
      [redirectUri]="redirectUri"
      [settings]="settings"
      (nid-success)="onSuccess($event)"
      (nid-error)="onError($event)"
    ></nid-register>
    <p id="result">{{ result() }}</p>
    <p id="errors">{{ errors().join(' ') }}</p>
  `,
})
export class App {
  protected readonly baseDomain = baseDomain;
  protected readonly clientId = 'angular-consumer';
  protected readonly redirectUri = 'https://app.example/verified';
  protected readonly settings = { register_fields: [{ name: 'firstName', required: true }] };
  protected readonly result = signal('');
  protected readonly errors = signal<string[]>([]);

  protected onSuccess(event: Event): void {
    const success = event as NidSuccessEvent<{ status?: string }>;
    this.result.set(`registered: ${success.journey} ${success.detail.status}`);
  }

  protected onError(event: Event): void {
    this.errors.update((codes) => [...codes, (event as NidErrorEvent).detail.code]);
  }
}
