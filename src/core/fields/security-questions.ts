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
import { describedBy, idsFor, isBlank, issueText, renderDescriptions, renderLabel, type Field } from './field.js';

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
  const known = new Set(spec.questions.map((question) => question.id));
  const chosen = () => rows.map((row) => form.text(row.question));
  const anyStarted = () => rows.some((row) => form.text(row.question) !== '' || !isBlank(form.text(row.answer)));
  const mustAnswer = () => spec.required || anyStarted();

  const validators: [string, FieldValidator][] = [];
  // The group name carries the service's errors about the questions as a whole.
  validators.push([SECURITY_QUESTIONS, () => undefined]);
  for (const row of rows) {
    validators.push([
      row.question,
      () => {
        const id = form.text(row.question);
        if (id === '') return mustAnswer() ? { code: 'required' } : undefined;
        if (!known.has(id)) return { code: 'invalid_format' };
        return chosen().indexOf(id) < row.n - 1 ? { code: 'duplicate_question' } : undefined;
      },
    ]);
    validators.push([row.answer, () => (mustAnswer() && isBlank(form.text(row.answer)) ? { code: 'required' } : undefined)]);
  }

  return {
    name: SECURITY_QUESTIONS,
    secret: true,
    validators,
    // Answers exactly as typed, like passwords.
    value: () => (anyStarted() ? rows.map((row) => ({ id: form.text(row.question), answer: form.text(row.answer) })) : undefined),
    // Listeners see which questions were chosen, never the answers.
    publicValue: () => (anyStarted() ? rows.map((row) => ({ id: form.text(row.question) })) : undefined),
    render: () => {
      const groupIds = idsFor(SECURITY_QUESTIONS);
      const groupError = issueText(form, SECURITY_QUESTIONS, 'text');
      return html`<fieldset part="field fieldset" aria-describedby=${describedBy(groupIds, true, groupError)}>
        <legend part="legend">
          ${msg('Security questions')}${spec.required ? '' : html` <span class="optional">${msg('(optional)')}</span>`}
        </legend>
        ${renderDescriptions(groupIds, msg('Choose questions only you can answer.'), groupError)}
        ${rows.map((row) => {
          const questionIds = idsFor(row.question);
          const answerIds = idsFor(row.answer);
          const questionError = issueText(form, row.question, 'choice');
          const answerError = issueText(form, row.answer, 'text');
          const current = form.text(row.question);
          return html`<div part="field" class="field">
              ${renderLabel(questionIds.id, msg(str`Security question ${row.n}`), true)}
              <select
                part="select"
                id=${questionIds.id}
                name=${row.question}
                ?required=${mustAnswer()}
                aria-invalid=${questionError ? 'true' : 'false'}
                aria-describedby=${describedBy(questionIds, undefined, questionError)}
                @change=${(event: Event) => form.set(row.question, (event.target as HTMLSelectElement).value)}
                @blur=${() => form.touch(row.question)}
              >
                <option value="" ?selected=${current === ''}>${msg('Choose a question…')}</option>
                ${spec.questions.map(
                  (question) => html`<option value=${question.id} ?selected=${current === question.id}>${questionLabel(question)}</option>`,
                )}
              </select>
              ${renderDescriptions(questionIds, undefined, questionError)}
            </div>
            <div part="field" class="field">
              ${renderLabel(answerIds.id, msg(str`Answer ${row.n}`), true)}
              <input
                part="input"
                id=${answerIds.id}
                name=${row.answer}
                type="text"
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                ?required=${mustAnswer()}
                aria-invalid=${answerError ? 'true' : 'false'}
                aria-describedby=${describedBy(answerIds, undefined, answerError)}
                .value=${form.text(row.answer)}
                @input=${(event: Event) => form.set(row.answer, (event.target as HTMLInputElement).value)}
                @blur=${() => form.touch(row.answer)}
              />
              ${renderDescriptions(answerIds, undefined, answerError)}
            </div>`;
        })}
      </fieldset>`;
    },
  };
}
