import { frenchDate, type MilestoneStatus, type StatusItem } from '@cosinum/domain';
import {
  NO_REPORT_LABEL,
  isSilent,
  latestText,
  milestoneStateText,
  percentText,
} from '@cosinum/presentation';
import { html, type Html } from './html';

/**
 * A progress rate as a bar with its number: the number is the information, the bar only draws it
 * (hidden from assistive technologies). Without a value, a dash that says « sans déclaration ».
 */
export const progressBar = (rate: number | null): Html =>
  rate === null
    ? html`<span class="cz-progress cz-progress--none"
        ><span aria-hidden="true">—</span><span class="fr-sr-only">sans déclaration</span></span
      >`
    : html`<span class="cz-progress"
        ><span class="cz-progress__track" aria-hidden="true"
          ><span
            class="cz-progress__fill"
            style="width:${Math.max(0, Math.min(100, rate))}%"
          ></span></span
        ><span class="cz-progress__value">${percentText(rate)}</span></span
      >`;

/** The grey « Sans déclaration » badge beside a state: silence is shown, never implied. */
export const silentBadge = (item: Pick<StatusItem, 'latestValue'>): Html | '' =>
  isSilent(item)
    ? html`<p class="fr-badge fr-badge--sm cz-silent-badge">${NO_REPORT_LABEL}</p>`
    : '';

/**
 * The latest value and what is expected next: « 85 % au 01/02/2021 », then « prochaine valeur
 * attendue le 15/04/2021 » (« en retard » when past due).
 */
export const latestCell = (item: StatusItem): Html => {
  const what = item.kind === 'boolean' ? 'déclaration' : 'valeur';
  const due = item.nextReportDue ? frenchDate(item.nextReportDue) : null;
  return html`${isSilent(item) ? html`<em>${latestText(item)}</em>` : latestText(item)}${
    due
      ? html`<br /><span class="fr-text--xs"
            >${item.upToDate ? html`prochaine ${what} attendue le ${due}` : html`${what} attendue au plus tard le ${due}, <strong>en retard</strong>`}</span
          >`
      : ''
  }`;
};

/** The deadline in force, and the original one when it moved. */
export const deadlineCell = (item: StatusItem): Html =>
  html`${frenchDate(item.deadline)}${
    item.extensions > 0
      ? html`<br /><span class="fr-text--xs"
            >initialement ${frenchDate(item.originalDeadline)}</span
          >`
      : ''
  }`;

const MILESTONE_BADGES: Record<MilestoneStatus['state'], string> = {
  met: 'fr-badge--success',
  missed: 'fr-badge--error',
  upcoming: '',
};

/** A milestone's state as a badge whose text says it: « atteint le 15/12/2020 », « manqué ». */
export const milestoneBadge = (m: MilestoneStatus): Html =>
  html`<p class="fr-badge fr-badge--sm fr-badge--no-icon ${MILESTONE_BADGES[m.state]}">
    ${milestoneStateText(m)}
  </p>`;
