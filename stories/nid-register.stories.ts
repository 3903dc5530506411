/**
 * `<nid-register>` in the catalogue: its configurations, rendered without a
 * server (nothing here sends a request until a story is submitted).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/register.js';

interface Args {
  fields: string;
  authType: 'email' | 'sms';
  termsUrl: string;
  privacyUrl: string;
  mobileFlagCountries: string;
  mobileDefaultCountry: string;
  passwordMinLength: number;
}

const questions = [
  { id: 'first_pet', label: { 'en-US': 'What was the name of your first pet?' } },
  { id: 'birth_city', label: { 'en-US': 'In which city were you born?' } },
  { id: 'first_school', label: { 'en-US': 'What was the name of your first school?' } },
];

const meta: Meta<Args> = {
  title: 'Journeys/nid-register',
  component: 'nid-register',
  args: {
    fields: 'firstName* lastName*',
    authType: 'email',
    termsUrl: 'https://example.com/terms',
    privacyUrl: 'https://example.com/privacy',
    mobileFlagCountries: 'GB US FR DE',
    mobileDefaultCountry: 'GB',
    passwordMinLength: 8,
  },
  argTypes: {
    authType: { control: 'inline-radio', options: ['email', 'sms'] },
  },
  render: (args) => html`<nid-register
    base-domain="https://id.example.com"
    client-id="storybook"
    redirect-uri="https://app.example.com/callback"
    state="storybook"
    fields=${args.fields}
    auth-type=${args.authType}
    terms-url=${args.termsUrl || nothing}
    privacy-url=${args.privacyUrl || nothing}
    mobile-flag-countries=${args.mobileFlagCountries}
    mobile-default-country=${args.mobileDefaultCountry}
    password-min-length=${args.passwordMinLength}
    .settings=${{ security_questions: questions }}
  ></nid-register>`,
};
export default meta;

type Story = StoryObj<Args>;

export const Default: Story = {};

export const EveryProfileField: Story = {
  args: { fields: 'firstName* lastName* gender companyName mobileNumber twoStepMobileNumber securityQuestions*:2' },
};

export const MobileIdentifier: Story = {
  args: { authType: 'sms', fields: 'firstName*' },
};

export const Minimal: Story = {
  args: { fields: '', termsUrl: '', privacyUrl: '' },
};
