/**
 * Security questions: N rows of (question select, answer). Off unless
 * configured (security requirement 12). Answers are handled like passwords:
 * sent as typed, never in an event, an error or storage.
 */
import { html } from 'lit';
import { msg, str } from '@lit/localize';
import type { SecurityQuestion } from '../../api/contract.js';
import { currentLocale } from '../../i18n/localization.js';
import { pickLocalized } from '../../i18n/localized-text.js';
import type { FieldValidator, FormState } from '../form-state.js';
import { describedBy, idsFor, isBlank, issueText, renderDescriptions, type Field } from './field.js';
import { selectField, textField } from './text-field.js';

export const SECURITY_QUESTIONS = 'securityQuestions';

/** The label of a question in the active locale (closest match), else its id. */
export function questionLabel(question: SecurityQuestion, locale: string = currentLocale()): string {
  return pickLocalized(question.label, locale) ?? question.id;
}

export interface SecurityQuestionsSpec {
  questions: readonly SecurityQuestion[];
  /** How many to answer; never more than there are questions. */
  count: number;
  required: boolean;
}

export function securityQuestionsField(form: FormState, spec: SecurityQuestionsSpec): Field {
  const count = Math.max(0, Math.min(spec.count, spec.questions.length));
  const rows = Array.from({ length: count }, (_, index) => ({
    n: index + 1,
    question: `${SECURITY_QUESTIONS}.${index + 1}.id`,
    answer: `${SECURITY_QUESTIONS}.${index + 1}.answer`,
  }));
  const anyStarted = () => rows.some((row) => form.text(row.question) !== '' || !isBlank(form.text(row.answer)));
  // Fields are built once per update: an optional group the user has started is required from then on.
  const required = spec.required || anyStarted();
  const options = spec.questions.map((question) => ({ value: question.id, label: questionLabel(question) }));
  const controls = rows.flatMap((row) => {
    const question = selectField(form, { name: row.question, label: msg(str`Security question ${row.n}`), required, options, emptyLabel: msg('Choose a question…') });
    const [, validateQuestion] = question.validators[0]!;
    // A question once: the second row asking the first row's question says so.
    const distinct = (state: FormState) =>
      validateQuestion(state) ?? (rows.findIndex((other) => form.text(other.question) === form.text(row.question)) < row.n - 1 ? { code: 'duplicate_question' } : undefined);
    const answer = textField(form, { name: row.answer, label: msg(str`Answer ${row.n}`), required, autocomplete: 'off', plain: true });
    return [{ ...question, validators: [[row.question, distinct]] as [string, FieldValidator][] }, answer];
  });
  return {
    name: SECURITY_QUESTIONS,
    secret: true,
    // The group name carries the service's errors about the questions as a whole.
    validators: [[SECURITY_QUESTIONS, () => undefined], ...controls.flatMap((control) => control.validators)],
    // Answers exactly as typed, like passwords.
    value: () => (anyStarted() ? rows.map((row) => ({ id: form.text(row.question), answer: form.text(row.answer) })) : undefined),
    // Listeners see which questions were chosen, never the answers.
    publicValue: () => (anyStarted() ? rows.map((row) => ({ id: form.text(row.question) })) : undefined),
    render: () => {
      const ids = idsFor(SECURITY_QUESTIONS);
      const error = issueText(form, SECURITY_QUESTIONS, 'text');
      return html`<fieldset part="field fieldset" aria-describedby=${describedBy(ids, true, error)}>
        <legend part="legend">${msg('Security questions')}${spec.required ? '' : html` <span class="optional">${msg('(optional)')}</span>`}</legend>
        ${renderDescriptions(ids, msg('Choose questions only you can answer.'), error)} ${controls.map((control) => control.render())}
      </fieldset>`;
    },
  };
}
