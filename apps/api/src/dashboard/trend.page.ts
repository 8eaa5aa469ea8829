import { frenchDate, type ItemState } from '@cosinum/domain';
import {
  organisationInText,
  percentText,
  STATE_LABELS,
  TREND_ALERT_POINTS,
  type TrendWeek,
} from '@cosinum/presentation';
import { html, raw, type Html } from './html';
import { BASE, dataTable, layout } from './layout';
import type { Viewer } from './viewer';
import type { CommitmentTrendWeek } from '../status/trend.service';

/** The four states a trend draws: each its DSFR colour and its own dash (readable without colour). */
const STATE_LINES: readonly { state: ItemState; colour: string; dash: string }[] = [
  { state: 'overdue', colour: '#ce0500', dash: '' },
  { state: 'at_risk', colour: '#b34000', dash: '6 3' },
  { state: 'on_track', colour: '#0063cb', dash: '2 3' },
  { state: 'met', colour: '#18753c', dash: '10 3 2 3' },
];

export const TREND_CHOICES = [13, 26, 52, 104] as const;

interface Series {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly colour: string;
  /** A dash pattern, so that the lines differ without colour. */
  readonly dash: string;
}

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 44, right: 150, top: 12, bottom: 28 };
const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/**
 * A line per series over the weeks, each with its own dash and its name written at its end: the
 * lines read without colour. The data table under it says the same in words.
 */
export const lineChart = (
  title: string,
  weeks: readonly { readonly monday: string }[],
  series: readonly Series[],
  max: number,
  unit = '',
): Html => {
  const n = weeks.length;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (n <= 1 ? plotW : (i / (n - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (Math.max(0, v) / (max || 1)) * plotH;
  const ticks = [0, unit === '' ? Math.round(max / 2) : max / 2, max];
  const every = Math.max(1, Math.ceil(n / 6));
  let svg = `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${title.replace(/"/g, '&quot;')} (données dans le tableau ci-dessous)" xmlns="http://www.w3.org/2000/svg" font-family="Marianne, Arial, sans-serif" font-size="11">`;
  for (const t of ticks)
    svg += `<line x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${y(t)}" y2="${y(t)}" stroke="#dddddd"/><text x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end" fill="#3a3a3a">${NUMBER.format(t)}${unit}</text>`;
  weeks.forEach((w, i) => {
    if (i % every === 0 || i === n - 1)
      svg += `<text x="${x(i)}" y="${HEIGHT - 8}" text-anchor="middle" fill="#3a3a3a">${frenchDate(w.monday).slice(0, 5)}</text>`;
  });
  const ends: { y: number; label: string; colour: string }[] = [];
  for (const s of series) {
    const points = s.values
      .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter((p): p is string => p !== null);
    if (points.length === 0) continue;
    svg += `<polyline fill="none" stroke="${s.colour}" stroke-width="2" stroke-dasharray="${s.dash}" points="${points.join(' ')}"/>`;
    const last = [...s.values].reverse().find((v) => v !== null) as number;
    ends.push({
      y: y(last),
      label: `${s.label} (${NUMBER.format(last)}${unit})`,
      colour: s.colour,
    });
  }
  // End labels, pushed apart so that they do not overlap.
  ends.sort((a, b) => a.y - b.y);
  for (let i = 1; i < ends.length; i++) ends[i].y = Math.max(ends[i].y, ends[i - 1].y + 13);
  // …and kept inside the drawing: pushed up from the bottom when the last ones fall out of it.
  const floor = PAD.top + plotH;
  for (let i = ends.length - 1; i >= 0; i--)
    ends[i].y = Math.min(ends[i].y, i === ends.length - 1 ? floor : ends[i + 1].y - 13);
  for (const e of ends)
    svg += `<text x="${PAD.left + plotW + 6}" y="${e.y + 4}" fill="#161616">${e.label.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`;
  svg += '</svg>';
  return html`<figure class="fr-content-media cz-chart">
    ${raw(svg)}
    <figcaption class="fr-content-media__caption">${title}</figcaption>
  </figure>`;
};

/** How many weeks to show: a GET form, so that the address says it. */
const periodForm = (action: string, chosen: number): Html =>
  html`<form method="get" action="${action}" class="fr-mb-3w">
    <div class="fr-select-group">
      <label class="fr-label" for="semaines">Période</label>
      <select class="fr-select" id="semaines" name="semaines">
        ${TREND_CHOICES.map(
          (c) =>
            html`<option value="${c}" ${c === chosen ? 'selected' : ''}>
              ${c} dernières semaines
            </option>`,
        )}
      </select>
    </div>
    <button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit">Afficher</button>
  </form>`;

const points = (n: number | null) =>
  n === null
    ? '—'
    : `${n > 0 ? '+' : ''}${NUMBER.format(n)}\u00a0point${Math.abs(n) >= 2 ? 's' : ''}`;

export interface TrendPageInput {
  readonly viewer?: Viewer;
  readonly ministry: { readonly code: string; readonly name: string };
  readonly weeks: readonly TrendWeek[];
  readonly chosen: number;
}

/**
 * A ministry improving or worsening week after week: its counts by state and its mean progress
 * rate against the median of the ministries, each week as it was known at its end.
 */
export const trendPage = (p: TrendPageInput): Html => {
  const { ministry, weeks } = p;
  const self = `${BASE}/ministeres/${ministry.code}/tendances`;
  const last = weeks[weeks.length - 1];
  const own = organisationInText(ministry.code, 'de');
  const below =
    last?.gapToMedian !== null &&
    last?.gapToMedian !== undefined &&
    last.gapToMedian <= -TREND_ALERT_POINTS;
  const max = Math.max(1, ...weeks.flatMap((w) => Object.values(w.counts)));
  return layout({
    viewer: p.viewer,
    title: `Tendance ${own}`,
    crumbs: [
      { label: 'Vue d’ensemble', href: BASE },
      { label: ministry.name, href: `${BASE}/ministeres/${ministry.code}` },
      { label: 'Tendance' },
    ],
    body: html`<h1 class="fr-mt-2w">Tendance ${own}</h1>
      <p class="fr-text--lead">
        Semaine après semaine, l’état de ses engagements tel qu’il était connu à la fin de chaque
        semaine (une valeur déclarée en retard compte à partir de la semaine où elle a été
        enregistrée), et son taux d’avancement moyen face à la médiane des ministères.
      </p>
      ${
        below
          ? html`<div class="fr-alert fr-alert--warning fr-mb-3w" role="status">
              <h2 class="fr-alert__title">Écart à la médiane</h2>
              <p>
                Le taux d’avancement moyen ${own} (${percentText(last.meanProgressRate as number)})
                est à ${NUMBER.format(-(last.gapToMedian as number))}&#8239;points sous la médiane
                des ministères (${percentText(last.medianProgressRate as number)}), au-delà du seuil
                d’alerte de ${TREND_ALERT_POINTS}&#8239;points.
              </p>
            </div>`
          : ''
      }
      ${periodForm(self, p.chosen)}
      ${lineChart(
        `Engagements ${own} par état, semaine après semaine`,
        weeks,
        STATE_LINES.map(({ state, colour, dash }) => ({
          label: STATE_LABELS[state],
          values: weeks.map((w) => w.counts[state]),
          colour,
          dash,
        })),
        max,
      )}
      ${lineChart(
        `Taux d’avancement moyen ${own} et médiane des ministères`,
        weeks,
        [
          {
            label: 'Ministère',
            values: weeks.map((w) => w.meanProgressRate),
            colour: '#000091',
            dash: '',
          },
          {
            label: 'Médiane',
            values: weeks.map((w) => w.medianProgressRate),
            colour: '#666666',
            dash: '6 3',
          },
        ],
        100,
        '\u202f%',
      )}
      ${dataTable({
        id: 'tendance',
        caption: `Tendance ${own}, une ligne par semaine, telle que connue à la fin de la semaine`,
        columns: [
          'Semaine du',
          STATE_LABELS.overdue,
          STATE_LABELS.at_risk,
          STATE_LABELS.on_track,
          STATE_LABELS.met,
          'Sans déclaration',
          'Taux moyen',
          'Médiane des ministères',
          'Écart à la médiane',
        ],
        rows: [...weeks].reverse().map(
          (w) =>
            html`<tr>
              <th scope="row">${frenchDate(w.monday)}</th>
              <td>${w.counts.overdue}</td>
              <td>${w.counts.at_risk}</td>
              <td>${w.counts.on_track}</td>
              <td>${w.counts.met}</td>
              <td>${w.noReport}</td>
              <td>${w.meanProgressRate === null ? '—' : percentText(w.meanProgressRate)}</td>
              <td>${w.medianProgressRate === null ? '—' : percentText(w.medianProgressRate)}</td>
              <td>${points(w.gapToMedian)}</td>
            </tr>`,
        ),
      })}`,
  });
};

/** A commitment week after week: the share of the ministries held to it that had met it. */
export const commitmentTrendPage = (p: {
  readonly viewer?: Viewer;
  readonly commitment: { readonly id: string; readonly title: string };
  readonly weeks: readonly CommitmentTrendWeek[];
  readonly chosen: number;
}): Html => {
  const self = `${BASE}/engagements/${p.commitment.id}/tendance`;
  const { weeks } = p;
  return layout({
    viewer: p.viewer,
    title: `Tendance\u202f: ${p.commitment.title}`,
    crumbs: [
      { label: 'Vue d’ensemble', href: BASE },
      {
        label: `Engagement\u202f: ${p.commitment.title}`,
        href: `${BASE}/engagements/${p.commitment.id}`,
      },
      { label: 'Tendance' },
    ],
    body: html`<h1 class="fr-mt-2w">${p.commitment.title}</h1>
      <p class="fr-text--lead">
        Semaine après semaine, la part des ministères concernés qui avaient atteint l’objectif, et
        leur taux d’avancement moyen, tels qu’ils étaient connus à la fin de chaque semaine.
      </p>
      ${periodForm(self, p.chosen)}
      ${lineChart(
        'Part des ministères ayant atteint l’objectif, et taux d’avancement moyen',
        weeks,
        [
          {
            label: 'Part atteinte',
            values: weeks.map((w) => w.metShare),
            colour: '#18753c',
            dash: '',
          },
          {
            label: 'Taux moyen',
            values: weeks.map((w) => w.meanProgressRate),
            colour: '#000091',
            dash: '6 3',
          },
        ],
        100,
        '\u202f%',
      )}
      ${dataTable({
        id: 'tendance',
        caption: 'Une ligne par semaine, telle que connue à la fin de la semaine',
        columns: [
          'Semaine du',
          'Ministères ayant atteint l’objectif',
          'Part',
          'Taux d’avancement moyen',
        ],
        rows: [...weeks].reverse().map(
          (w) =>
            html`<tr>
              <th scope="row">${frenchDate(w.monday)}</th>
              <td>${w.metShare === null ? '—' : `${w.met} sur ${w.heldTo}`}</td>
              <td>${w.metShare === null ? '—' : percentText(w.metShare)}</td>
              <td>${w.meanProgressRate === null ? '—' : percentText(w.meanProgressRate)}</td>
            </tr>`,
        ),
      })}`,
  });
};
